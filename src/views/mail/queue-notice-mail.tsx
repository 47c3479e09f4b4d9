import type { MailSite, OutgoingMail } from "../../domain/mail/mail.js";
import type { QueueNoticeDue } from "../../storage/queue-notices.js";
import { MailButton, mailHtml, mailText } from "./mail-layout.js";

/** "3 comments are waiting": to a staff member who asked, with what is new and a link to the queue. */
export function queueNoticeMail(due: QueueNoticeDue, site: MailSite & { id: number }): OutgoingMail {
  const n = due.waiting;
  const subject = `${n} comment${n === 1 ? " is" : "s are"} waiting in the moderation queue`;
  const news = [`${due.fresh} new since the last e-mail`, ...(due.reported > 0 ? [`${due.reported} newly reported`] : [])].join(", ");
  const link = `${site.publicUrl}/moderation`;
  const why = "You asked to hear of the moderation queue. Change it on your account page.";
  return {
    kind: "queue-notice",
    siteId: site.id,
    to: due.email,
    subject,
    text: mailText(site, [`${subject} (${news}).`, "", `Open the queue: ${link}`], `${why} ${site.publicUrl}/account`),
    html: mailHtml(
      site,
      <>
        <p>
          {subject} ({news}).
        </p>
        <MailButton href={link}>Open the queue</MailButton>
      </>,
      <>
        You asked to hear of the moderation queue. <a href={`${site.publicUrl}/account`}>Change it on your account page.</a>
      </>,
    ),
  };
}
