/**
 * What uploaded bytes really are, checked against the type the uploader
 * declared. Without this the simulator stored HTML declared `image/png` and
 * served it back as a PNG: a chat page that opens media inline must only get
 * bytes of the type it is told. Meta answers such uploads with 131053.
 */
import { baseMimeType } from './media-types';

/**
 * The part of file-type's API used here, written out: its typings are found
 * only through package.json `exports`, which ts-jest's module resolution
 * (node10, even with `resolution-mode`) does not read. The tests run the
 * real module, so a change of shape fails them.
 */
export interface FileTypeResult {
  readonly ext: string;
  readonly mime: string;
}
interface FileTypeModule {
  fileTypeFromBuffer(buffer: Uint8Array): Promise<FileTypeResult | undefined>;
}

let fileTypeModule: FileTypeModule | undefined;

/**
 * file-type is ESM-only and this project compiles to CommonJS, where
 * TypeScript turns `import()` into `require()`. Node 24 requires ES modules
 * without top-level await (file-type has none), and so does Jest 30 under
 * --experimental-vm-modules; loaded on the first upload, so a host without
 * simulators never loads it.
 */
function fileType(): FileTypeModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  fileTypeModule ??= require('file-type') as FileTypeModule;
  return fileTypeModule;
}

/**
 * What file-type may report for each type Meta accepts (media-types.ts).
 * Containers are matched, not codecs: an audio-only MP4 often carries a
 * video brand, and the legacy Office formats all share one OLE2 container.
 */
const SIGNATURES: Readonly<Record<string, readonly string[]>> = {
  'image/jpeg': ['image/jpeg'],
  'image/png': ['image/png', 'image/apng'],
  'application/pdf': ['application/pdf'],
  'application/msword': ['application/x-cfb'],
  'application/vnd.ms-excel': ['application/x-cfb'],
  'application/vnd.ms-powerpoint': ['application/x-cfb'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  'audio/aac': ['audio/aac'],
  'audio/amr': ['audio/amr'],
  'audio/mpeg': ['audio/mpeg'],
  'audio/mp4': ['audio/mp4', 'audio/x-m4a', 'video/mp4'],
  'audio/ogg': ['audio/ogg', 'audio/ogg; codecs=opus', 'audio/opus'],
  'video/mp4': ['video/mp4', 'video/x-m4v'],
  'video/3gpp': ['video/3gpp'],
};

/**
 * Plain text has no magic bytes, so it cannot be confirmed, only refuted:
 * it is refused when the bytes are a binary format file-type recognises (a
 * PNG, a ZIP, an executable) or hold NUL bytes, which no text in an 8-bit or
 * UTF-8 encoding has. Markup inside text/plain is accepted: the simulator
 * serves it as text/plain with nosniff, which browsers render as text.
 */
const TEXT_TYPE = 'text/plain';

function isTextFormat(detected: FileTypeResult): boolean {
  return detected.mime.startsWith('text/') || detected.mime === 'application/xml';
}

/** The content type file-type finds in the bytes (undefined: no known signature). */
export async function sniffMediaType(bytes: Uint8Array): Promise<FileTypeResult | undefined> {
  return fileType().fileTypeFromBuffer(bytes);
}

/** Why bytes sniffed as `detected` cannot be stored as `declaredMimeType` (Graph error 131053), or null. */
export function contentMismatch(declaredMimeType: string, bytes: Uint8Array, detected: FileTypeResult | undefined): string | null {
  const declared = baseMimeType(declaredMimeType);
  if (declared === TEXT_TYPE) {
    if (detected && !isTextFormat(detected)) return `The file is ${detected.mime}, not ${TEXT_TYPE}`;
    if (bytes.includes(0)) return `The file is binary (it contains NUL bytes), not ${TEXT_TYPE}`;
    return null;
  }
  const expected = SIGNATURES[declared];
  // Types Meta does not accept at all are mediaProblem's to refuse, with their own message.
  if (!expected) return null;
  if (!detected) return `The file's content is not ${declared}: it has no known file signature`;
  if (!expected.includes(detected.mime)) return `The file's content is ${detected.mime}, not ${declared} as declared`;
  return null;
}

/** Sniffs and checks in one step (for bytes that did not come through singleFileUpload, e.g. base64). */
export async function mediaContentProblem(declaredMimeType: string, bytes: Uint8Array): Promise<string | null> {
  return contentMismatch(declaredMimeType, bytes, await sniffMediaType(bytes));
}
