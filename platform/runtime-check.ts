/**
 * Fails fast on the wrong Node.js. The `node` npm package pinned in package.json
 * puts Node 24 in front of every npm script, but `npm ci --ignore-scripts`
 * silently falls back to the machine's Node, which we do not support.
 */
export const REQUIRED_NODE_MAJOR = 24;

export function assertNodeVersion(version: string = process.versions.node): void {
  const major = Number(version.split('.')[0]);
  if (major !== REQUIRED_NODE_MAJOR) {
    throw new Error(
      `jansetu needs Node.js ${REQUIRED_NODE_MAJOR} but is running on ${version}. ` +
        'Run it through npm (npm start, npm test) after a plain `npm ci`, which installs Node 24 ' +
        'from the pinned `node` package; `--ignore-scripts` skips that install.',
    );
  }
}
