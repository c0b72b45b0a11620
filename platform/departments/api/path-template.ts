/**
 * Paths of department calls as flows write them: `/cards/{session.answers.card}`,
 * each `{…}` a msg property filled in and URL-encoded. A template that could
 * leave the department's base URL (a scheme, `//host`, a backslash, `.` or
 * `..` parts) is refused at deploy; a value of "." or ".." is refused per call.
 */
const PLACEHOLDER = /\{([^{}]+)\}/g;
const LEAVES_BASE = /^[a-z][a-z0-9+.-]*:|^[\\/]{2}|\\|(^|\/)\.\.?(\/|$)/i;

export class PathValueError extends Error {
  constructor(
    readonly property: string,
    readonly problem: 'missing' | 'dots',
  ) {
    super(problem === 'missing' ? `the path needs msg.${property}, which is not set (or not text or a number)` : `msg.${property} is "." or "..", which cannot be a path part`);
    this.name = 'PathValueError';
  }
}

/** Whether the template stays under the base URL whatever its values. */
export function isSafePathTemplate(template: string): boolean {
  return !LEAVES_BASE.test(template);
}

export function expandPath(template: string, valueOf: (property: string) => unknown): string {
  return template.replace(PLACEHOLDER, (_, raw: string) => {
    const property = raw.trim();
    const value = valueOf(property);
    if (value === undefined || value === null || value === '' || typeof value === 'object') throw new PathValueError(property, 'missing');
    // "." and ".." would climb the path once the URL is resolved; a citizen's answer never means that.
    if (String(value) === '.' || String(value) === '..') throw new PathValueError(property, 'dots');
    return encodeURIComponent(String(value));
  });
}

/** A catalog endpoint's path (`/cards/{ration_card_number}`) as a flow path, its parts from the citizen's answers. */
export function answersTemplate(catalogPath: string): string {
  return catalogPath.replace(/\{([A-Za-z0-9_]+)\}/g, '{session.answers.$1}');
}
