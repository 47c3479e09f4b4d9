/** The interface languages a site can choose; each has a message catalog in src/views/i18n. */
export const LANGUAGES: readonly string[] = ["en", "ar", "zh"];
