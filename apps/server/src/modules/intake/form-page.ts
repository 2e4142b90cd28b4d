import {
  webFormFieldLabels,
  webFormFieldMaxLength,
  type FieldError,
  type WebFormFieldKey,
} from '@leadline/contract';
import { CONSENT, HONEYPOT, PROOF, TIME_TOKEN } from './form-submission';
import type { StoredWebForm } from './web-forms.repository';

/** Where the page loads the proof-of-work widget from (served by this server). */
export const ALTCHA_SCRIPT = '/forms/_altcha.js';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** What the browser may fill in for each field, and the keyboard a phone shows for it. */
const inputOf: Record<WebFormFieldKey, { type?: string; autocomplete: string; textarea?: boolean }> = {
  firstName: { autocomplete: 'given-name' },
  lastName: { autocomplete: 'family-name' },
  middleName: { autocomplete: 'additional-name' },
  emails: { type: 'email', autocomplete: 'email' },
  phones: { type: 'tel', autocomplete: 'tel' },
  jobTitle: { autocomplete: 'organization-title' },
  department: { autocomplete: 'off' },
  leadCompanyName: { autocomplete: 'organization' },
  companyWebsite: { type: 'url', autocomplete: 'url' },
  companyTin: { autocomplete: 'off' },
  customerRequirements: { autocomplete: 'off', textarea: true },
  description: { autocomplete: 'off', textarea: true },
  street: { autocomplete: 'street-address' },
  postalCode: { autocomplete: 'postal-code' },
  city: { autocomplete: 'address-level2' },
  region: { autocomplete: 'address-level1' },
  country: { autocomplete: 'country-name' },
};

const style = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1b1e;background:#f4f5f7}
main{max-width:36rem;margin:0 auto;padding:1.5rem 1rem}
.card{background:#fff;border-radius:.5rem;padding:1.5rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.5rem;margin:0 0 1rem}
.field{margin:0 0 1rem}
label{display:block;font-weight:600;margin-bottom:.25rem}
input,textarea{width:100%;font:inherit;padding:.6rem .7rem;border:1px solid #868e96;border-radius:.375rem;background:#fff;color:inherit}
textarea{min-height:8rem;resize:vertical}
input:focus,textarea:focus,button:focus{outline:3px solid #4dabf7;outline-offset:1px}
[aria-invalid=true]{border-color:#c92a2a}
.error{color:#c92a2a;margin:.25rem 0 0}
.summary{border:2px solid #c92a2a;border-radius:.375rem;padding:.75rem 1rem;margin-bottom:1rem}
.summary h2{font-size:1rem;margin:0 0 .25rem}
.consent{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}
.consent input{width:auto;margin-top:.3rem}
.req{color:#c92a2a}
button{font:inherit;font-weight:600;padding:.7rem 1.4rem;border:0;border-radius:.375rem;background:#1864ab;color:#fff;cursor:pointer}
button:hover{background:#1c7ed6}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
@media (max-width:30rem){main{padding:0}.card{border-radius:0;box-shadow:none}button{width:100%}}
@media (prefers-color-scheme:dark){body{background:#1a1b1e;color:#e9ecef}.card{background:#25262b}input,textarea{background:#1a1b1e;border-color:#909296}}
`;

function layout(title: string, body: string, script?: string) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>${style}</style>
${script ? `<script type="module" src="${script}"></script>` : ''}
</head>
<body><main><div class="card">${body}</div></main></body>
</html>`;
}

/**
 * The public page of a form: plain HTML, labelled fields with the browser's autofill hints, errors
 * tied to their fields and summarised at the top, a honeypot hidden from people and from screen
 * readers, and the signed time the page was served.
 */
export function renderFormPage(
  form: StoredWebForm,
  token: string,
  state: { values?: Record<string, string>; errors?: FieldError[]; consent?: boolean } = {},
) {
  const errors = state.errors ?? [];
  const errorOf = (field: string) => errors.find((e) => e.field === field || e.field.startsWith(`${field}.`));
  const fields = form.fields
    .map((f) => {
      const input = inputOf[f.key];
      const id = `f-${f.key}`;
      const label = esc(f.label || webFormFieldLabels[f.key]);
      const error = errorOf(f.key);
      const value = esc(state.values?.[f.key] ?? '');
      const attrs = [
        `id="${id}"`,
        `name="${f.key}"`,
        `autocomplete="${input.autocomplete}"`,
        `maxlength="${webFormFieldMaxLength(f.key)}"`,
        f.required ? 'required aria-required="true"' : '',
        error ? `aria-invalid="true" aria-describedby="${id}-error"` : '',
      ]
        .filter(Boolean)
        .join(' ');
      const control = input.textarea
        ? `<textarea ${attrs}>${value}</textarea>`
        : `<input type="${input.type ?? 'text'}" ${attrs} value="${value}">`;
      return `<div class="field"><label for="${id}">${label}${
        f.required ? ' <span class="req" aria-hidden="true">*</span>' : ''
      }</label>${control}${error ? `<p class="error" id="${id}-error">${esc(error.message)}</p>` : ''}</div>`;
    })
    .join('\n');
  const consentError = errorOf('consent');
  const consent = form.consentText
    ? `<div class="field"><label class="consent" for="f-consent"><input type="checkbox" id="f-consent" name="${CONSENT}" value="on" required${
        state.consent ? ' checked' : ''
      }${consentError ? ' aria-invalid="true" aria-describedby="f-consent-error"' : ''}><span>${esc(
        form.consentText,
      )}</span></label>${consentError ? `<p class="error" id="f-consent-error">${esc(consentError.message)}</p>` : ''}</div>`
    : '';
  const general = errors.filter((e) => e.field === TIME_TOKEN || e.field === PROOF || e.field === 'body');
  const summary = errors.length
    ? `<div class="summary" role="alert" tabindex="-1" id="problems"><h2>Please check the form</h2>${
        general.length
          ? general.map((e) => `<p>${esc(e.message)}</p>`).join('')
          : `<p>${errors.length === 1 ? 'One field needs' : `${errors.length} fields need`} your attention.</p>`
      }</div>`
    : '';
  return layout(
    form.name,
    `<h1>${esc(form.name)}</h1>
${summary}
<form method="post" action="/forms/${esc(form.slug)}" accept-charset="utf-8">
${fields}
${consent}
<div class="hp" aria-hidden="true"><label for="f-hp">Leave this field empty</label><input type="text" id="f-hp" name="${HONEYPOT}" tabindex="-1" autocomplete="off"></div>
<input type="hidden" name="${TIME_TOKEN}" value="${esc(token)}">
<div class="field"><altcha-widget challenge="/forms/${esc(form.slug)}/challenge" name="${PROOF}" auto="onload"></altcha-widget></div>
<p><small><span class="req" aria-hidden="true">*</span> required</small></p>
<button type="submit">Send</button>
</form>`,
    ALTCHA_SCRIPT,
  );
}

export function renderThankYou(form: StoredWebForm) {
  return layout(
    form.name,
    `<h1>${esc(form.name)}</h1><p role="status">${esc(form.thankYou || 'Thank you! We have received your request.')}</p>`,
  );
}

export function renderMessage(title: string, message: string) {
  return layout(title, `<h1>${esc(title)}</h1><p role="alert">${esc(message)}</p>`);
}
