/**
 * Corrections to the API document generated from the contract: in OpenAPI 3.0 a nullable value with an
 * `enum` takes null only when the enum lists it (3.0.3 clarified it), and the generator leaves it out,
 * so that a client checking answers against the document would refuse every null of such a field.
 */
export function withNullableEnums<T>(doc: T): T {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...o.enum, null];
    Object.values(o).forEach(visit);
  };
  visit(doc);
  return doc;
}
