/**
 * What the server says to people, per language. Problem details and field messages are keyed by their
 * code, so an error thrown anywhere (today or later) is answered in the asker's language: a code with no
 * entry falls back to the text of its HTTP status.
 */
export interface Catalogue {
  /** problem+json `title` by HTTP status. */
  titles: Record<number, string>;
  /** problem+json `detail` by problem code; null in English keeps the thrower's own sentence. */
  details: Record<string, string>;
  /** `errors[].message` by field error code. */
  fields: Record<string, string>;
  /** Mails to a user. `{{name}}` placeholders are filled from the mail's parameters. */
  mails: {
    passwordChanged: { subject: string; text: string };
  };
}
