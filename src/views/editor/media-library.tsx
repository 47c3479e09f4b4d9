import type { StoredImage } from "../../domain/media/upload-image.js";

/** The pictures uploaded, to reuse in posts: each with the Markdown that shows it; and an upload form. */
export function MediaLibrary(p: { images: readonly StoredImage[]; csrfToken: string; uploaded?: string | undefined; error?: string | undefined }) {
  return (
    <div class="editor media-library">
      <h1>Pictures</h1>
      <p>
        <a href="/editor">Posts</a>
      </p>
      {p.uploaded ? (
        <p class="notice" role="status">
          Uploaded. Put it in a post with <code>![Describe the picture]({p.uploaded})</code>, and describe it for readers who cannot see it.
        </p>
      ) : null}
      {p.error ? <p class="form-error" role="alert">{p.error}</p> : null}
      <form method="post" action="/editor/media" enctype="multipart/form-data" class="post-form">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <label for="media-file">A JPEG, PNG or WebP picture, at most 5 MB</label>
        <input id="media-file" name="file" type="file" accept="image/jpeg,image/png,image/webp" required />
        <button type="submit">Upload</button>
        <p class="hint">Every picture is decoded and encoded afresh (no location or camera data is kept), and smaller copies are made for phones. In the editor you can also paste or drop a picture into the text.</p>
      </form>
      {p.images.length === 0 ? (
        <p>No pictures yet.</p>
      ) : (
        <ul class="media-grid">
          {p.images.map((img) => (
            <li>
              <img src={img.variants[0]?.url ?? img.url} alt="" loading="lazy" width={160} />
              <code>![Describe the picture]({img.url})</code>
              {img.width ? <span class="hint">{img.width} × {img.height}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
