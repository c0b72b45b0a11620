import { assertNodeVersion } from '../platform/runtime-check';

export default function globalSetup(): void {
  assertNodeVersion();
}
