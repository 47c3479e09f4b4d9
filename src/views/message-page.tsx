/** A short page for errors and confirmations. */
export function MessagePage({ heading, message, back }: { heading: string; message: string; back?: { href: string; label: string } | undefined }) {
  return (
    <div class="message-page">
      <h1>{heading}</h1>
      <p>{message}</p>
      {back ? <p><a href={back.href}>{back.label}</a></p> : null}
    </div>
  );
}
