// Export files shaped like Blogger's and WordPress's, generated for the import benchmark: `posts`
// posts, `comments` comments spread over them, a fifth of them replies, one in fifty removed.
import fs from "node:fs";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const WORDS = "harbour council barrier flood tide ferry quay storm levy vote minister engineer pier wall surge budget residents petition 港口 议会 سلام".split(" ");

/** A deterministic sentence generator (the same file every run). */
function texts(seed: number) {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
  return (words: number) => Array.from({ length: words }, () => WORDS[next() % WORDS.length]).join(" ");
}

interface Shape {
  readonly posts: number;
  readonly comments: number;
}

/** Comment i of a post: its parent (an earlier comment of the same post) for every fifth, and whether it was removed. */
function commentPlan(i: number, perPost: number) {
  return { parent: i % 5 === 4 ? i - 1 - (i % 3) : null, removed: i % 50 === 49, perPost };
}

const DAY = 86_400_000;
const START = Date.UTC(2015, 0, 1);

/** Blogger's Atom export: posts first, then every comment (newest first, as Blogger writes them). */
export function writeBloggerFile(file: string, shape: Shape): number {
  const fd = fs.openSync(file, "w");
  const say = texts(7);
  const perPost = Math.floor(shape.comments / shape.posts);
  const blog = "tag:blogger.com,1999:blog-9";
  fs.writeSync(fd, `<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' xmlns:gd='http://schemas.google.com/g/2005' xmlns:thr='http://purl.org/syndication/thread/1.0'><id>${blog}</id><title type='text'>Bench Gazette</title>\n`);
  for (let p = 0; p < shape.posts; p++) {
    const at = new Date(START + p * (DAY / 3)).toISOString();
    fs.writeSync(
      fd,
      `<entry><id>${blog}.post-${p + 1}</id><published>${at}</published><updated>${at}</updated><category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/><category scheme='http://www.blogger.com/atom/ns#' term='label${p % 40}'/><title type='text'>Story ${p + 1}: ${esc(say(6))}</title><content type='html'>${esc(`<p>${say(120)}</p><p>${say(80)}</p>`)}</content><link rel='alternate' type='text/html' href='https://bench.blogspot.com/${2015 + Math.floor(p / 1000)}/01/story-${p + 1}.html' title='x'/><author><name>Editor</name></author></entry>\n`,
    );
  }
  let written = 0;
  for (let p = shape.posts - 1; p >= 0; p--) {
    const chunk: string[] = [];
    for (let i = perPost - 1; i >= 0; i--) {
      const id = p * perPost + i + 1;
      const plan = commentPlan(i, perPost);
      const at = new Date(START + p * (DAY / 3) + (i + 1) * 60_000).toISOString();
      const related = plan.parent !== null ? `<link rel='related' href='https://www.blogger.com/feeds/9/${p + 1}/comments/default/${1_000_000_000 + p * perPost + plan.parent + 1}'/>` : "";
      const body = plan.removed ? "This comment has been removed by the author." : esc(`${say(25)}<br/>${say(10)}`);
      chunk.push(
        `<entry><id>${blog}.post-${1_000_000_000 + id}</id><published>${at}</published><category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#comment'/><title type='text'>c</title><content type='html'>${body}</content>${related}<author><name>${i % 7 === 0 ? "Anonymous" : `Reader ${id % 997}`}</name></author><thr:in-reply-to ref='${blog}.post-${p + 1}' type='text/html'/></entry>\n`,
      );
      written++;
    }
    fs.writeSync(fd, chunk.join(""));
  }
  fs.writeSync(fd, "</feed>\n");
  fs.closeSync(fd);
  return written;
}

/** WordPress's WXR 1.2: each post with its comments inside it. */
export function writeWordPressFile(file: string, shape: Shape): number {
  const fd = fs.openSync(file, "w");
  const say = texts(11);
  const perPost = Math.floor(shape.comments / shape.posts);
  const gmt = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
  fs.writeSync(fd, `<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel><title>Bench Gazette</title><link>https://bench.example</link><wp:wxr_version>1.2</wp:wxr_version>\n`);
  let written = 0;
  for (let p = 0; p < shape.posts; p++) {
    const at = START + p * (DAY / 3);
    const parts = [
      `<item><title><![CDATA[Story ${p + 1}: ${say(6)}]]></title><link>https://bench.example/story-${p + 1}/</link><guid isPermaLink="false">https://bench.example/?p=${p + 1}</guid><dc:creator><![CDATA[editor]]></dc:creator><content:encoded><![CDATA[${say(120)}\n\n${say(80)}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>${p + 1}</wp:post_id><wp:post_date_gmt>${gmt(at)}</wp:post_date_gmt><wp:post_name>story-${p + 1}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><category domain="category" nicename="c${p % 40}"><![CDATA[Topic ${p % 40}]]></category><wp:postmeta><wp:meta_key>views</wp:meta_key><wp:meta_value>${(p * 37) % 5000}</wp:meta_value></wp:postmeta>\n`,
    ];
    for (let i = 0; i < perPost; i++) {
      const id = p * perPost + i + 1;
      const plan = commentPlan(i, perPost);
      parts.push(
        `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author><![CDATA[${i % 7 === 0 ? "" : `Reader ${id % 997}`}]]></wp:comment_author><wp:comment_author_email>r${id % 997}@example.test</wp:comment_author_email><wp:comment_author_url></wp:comment_author_url><wp:comment_date_gmt>${gmt(at + (i + 1) * 60_000)}</wp:comment_date_gmt><wp:comment_content><![CDATA[${say(25)}\n${say(10)}]]></wp:comment_content><wp:comment_approved>${plan.removed ? "trash" : "1"}</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>${plan.parent === null ? 0 : p * perPost + plan.parent + 1}</wp:comment_parent></wp:comment>\n`,
      );
      written++;
    }
    parts.push("</item>\n");
    fs.writeSync(fd, parts.join(""));
  }
  fs.writeSync(fd, "</channel></rss>\n");
  fs.closeSync(fd);
  return written;
}
