/**
 * What WXR has no place for is written as post or comment meta under these keys (WordPress keeps
 * unknown meta as it is; our WordPress importer reads them back). Documented in docs/export-format.md.
 */
export const WXR_META = {
  views: "broadsheet_views",
  dateline: "broadsheet_dateline",
  leadImageUrl: "broadsheet_lead_image_url",
  leadImageCaption: "broadsheet_lead_image_caption",
  leadImageCredit: "broadsheet_lead_image_credit",
  sourceOutlet: "broadsheet_source_outlet",
  sourceUrl: "broadsheet_source_url",
  sourcePublishedAt: "broadsheet_source_published_at",
  canonicalToSource: "broadsheet_canonical_to_source",
  threadMode: "broadsheet_thread_mode",
  removedBy: "broadsheet_removed_by",
} as const;
