/** The top of every moderation page but the queue: its title, the way back, and what just happened. */
export function PageHead({ title, notice, error, errorId }: { title: string; notice?: string | undefined; error?: string | undefined; errorId?: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p>
        <a href="/moderation">Back to the queue</a>
      </p>
      {notice ? <p class="notice" role="status">{notice}</p> : null}
      {error ? <p class="form-error" id={errorId} role="alert">{error}</p> : null}
    </>
  );
}
