import { discussionPageLinks } from "./discussion-page-links.js";
import type { PostPage } from "../../domain/posts/get-post-page.js";
import { assetUrl } from "../../views/asset-urls.js";
import { Discussion } from "../../views/discussion.js";
import type { FormState } from "../../views/comment-form.js";
import { Layout } from "../../views/layout.js";
import { PostArticle } from "../../views/post-article.js";
import { PostMeta } from "../../views/post-meta.js";
import { presentTree } from "../presenters/comment.js";
import { renderDocument } from "../render.js";
import { slot } from "../../views/slot.js";
import { I18n } from "../../views/i18n/context.js";
import { messagesFor } from "../../views/i18n/messages.js";
import { Votes } from "../../views/votes.js";

/** Marker replaced per request with the time the page was served (the browser script reads it). */
export const SERVED_AT_SLOT = slot("served");

/** Renders a post page; the view count and serve time stay as slots to fill per request. */
export function renderPostPage(page: PostPage, opts: { publicUrl: string; timeZone: string; now: number; formState?: FormState }): string {
  const { post, thread, site } = page;
  const own = `${opts.publicUrl}/posts/${encodeURIComponent(post.slug)}`;
  const canonical = post.canonicalToSource && post.source ? post.source.url : own;
  return renderDocument(
    <Layout
      title={post.title}
      siteName={site.name}
      canonical={canonical}
      description={post.standfirst ?? undefined}
      scripts={[assetUrl("thread.js")]}
      head={<PostMeta post={post} url={own} siteName={site.name} authorName={page.authorName} />}
    >
      <div class="post-page" data-served-at={SERVED_AT_SLOT}>
        <PostArticle post={post} timeZone={opts.timeZone} />
        <I18n.Provider value={messagesFor(site.language)}>
          <Votes.Provider value={{ mode: site.votes, slots: true }}>
          <Discussion
            threadId={thread.id}
            formAction={`/posts/${encodeURIComponent(post.slug)}/comments`}
            mode={thread.mode}
            commentCount={thread.commentCount}
            version={thread.version}
            comments={presentTree(page.nodes)}
            allowAnonymous={site.allowAnonymous}
            maxDepth={site.maxDepth}
            now={opts.now}
            formState={opts.formState}
            sort={page.sort}
            sortBase={`/posts/${encodeURIComponent(post.slug)}`}
            pageLinks={discussionPageLinks(`/posts/${encodeURIComponent(post.slug)}`, page.sort === "oldest" ? "" : `sort=${page.sort}`, page.page)}
          />
          </Votes.Provider>
        </I18n.Provider>
      </div>
    </Layout>,
  );
}

