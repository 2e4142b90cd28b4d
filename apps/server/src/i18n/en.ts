import type { Catalogue } from './catalogue';

/**
 * English: titles and mails. Details and field messages in English are the sentences written where each
 * error is raised (they name the record or the rule), so `details` and `fields` are empty here.
 */
export const en: Catalogue = {
  titles: {
    400: 'Bad request',
    401: 'Not signed in',
    403: 'Not allowed',
    404: 'Not found',
    405: 'Method not allowed',
    406: 'Not acceptable',
    409: 'Conflict',
    412: 'Precondition failed',
    413: 'Payload too large',
    415: 'Unsupported media type',
    422: 'Validation failed',
    428: 'Precondition required',
    429: 'Too many requests',
    500: 'Internal error',
    503: 'Service unavailable',
  },
  details: {},
  fields: {},
  mails: {
    passwordChanged: {
      subject: 'Your Leadline password was changed',
      text:
        'Hello {{name}},\n\nthe password of your Leadline account {{email}} was changed on {{when}}, and every ' +
        'session was signed out.\nIf you did not do this, ask your administrator to reset it at once.\n',
    },
  },
};
