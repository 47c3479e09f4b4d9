/** Why a reader reports a comment. */
export type ReportReason = "spam" | "abuse" | "off_topic" | "illegal";

export const REPORT_REASONS: Readonly<Record<ReportReason, string>> = Object.freeze({
  spam: "Spam or advertising",
  abuse: "Abusive or harassing",
  off_topic: "Off-topic",
  illegal: "Illegal content",
});

export function isReportReason(v: string): v is ReportReason {
  return Object.hasOwn(REPORT_REASONS, v);
}
