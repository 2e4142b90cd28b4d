/** Marks a field mandatory in its label without changing the label's text (see global.css). */
export const req = { labelProps: { 'data-required-mark': true } } as const;
export const reqIf = (on: boolean) => (on ? req : {});
