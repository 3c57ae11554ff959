/**
 * camwatch/package-boundaries: packages talk only through their named entry points.
 * - `@camwatch/<pkg>/<sub>` must be one of the `exports` keys in that package's package.json
 *   (no wildcard: what a package does not export is private and may change freely);
 * - a relative import may not leave its package (no `../../edge-agent/test/...`);
 * - dependencies point one way: edge-agent, hub and dashboard use config (and the test kit in
 *   their tests and dev fixtures only); config and testkit use no other package; scripts may use any.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Workspace packages by folder, from pnpm-workspace.yaml and each package.json. */
function readWorkspace() {
  const yaml = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8');
  const block = yaml.split(/^packages:\s*$/m)[1]?.split(/^\S/m)[0] ?? '';
  const dirs = [...block.matchAll(/^\s+-\s+['"]?([\w.-]+)['"]?\s*$/gm)].map((m) => m[1]);
  const byDir = new Map();
  for (const dir of dirs) {
    const pkg = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));
    byDir.set(dir, { dir, name: pkg.name, entries: Object.keys(pkg.exports ?? {}) });
  }
  return byDir;
}

/** Which packages each package may import; `test` ones only from test/ and dev/ files. */
const ALLOWED = {
  config: { always: [], test: [] },
  testkit: { always: [], test: [] },
  'edge-agent': { always: ['config'], test: ['testkit'] },
  hub: { always: ['config'], test: ['testkit'] },
  dashboard: { always: ['config'], test: ['testkit'] },
  scripts: { always: '*', test: '*' },
};

const workspace = readWorkspace();
const byName = new Map([...workspace.values()].map((p) => [p.name, p]));

function packageOf(absPath) {
  const rel = relative(ROOT, absPath);
  if (rel.startsWith('..')) return null;
  const [dir, ...rest] = rel.split(sep);
  return workspace.has(dir) && rest.length > 0 ? { pkg: workspace.get(dir), inner: rest } : null;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'imports between workspace packages go through named entry points, one way' },
    schema: [],
    messages: {
      notAnEntry: '{{spec}} is not an entry point of {{name}}; use one of: {{entries}} (or export what you need there)',
      leavesPackage: 'relative import {{spec}} leaves {{from}}/ for {{to}}/: import {{toName}} through its entry points',
      direction: '{{from}} may not depend on {{name}} (edge-agent, hub, dashboard -> config; the test kit in tests only; scripts -> any)',
    },
  },
  create(context) {
    const here = packageOf(context.filename);
    if (!here) return {};
    const fromDir = here.pkg.dir;
    const isTestFile = here.inner[0] === 'test' || here.inner[0] === 'dev';

    function check(node, source) {
      if (!source || typeof source.value !== 'string') return;
      const spec = source.value;
      if (spec.startsWith('.')) {
        const target = packageOf(resolve(dirname(context.filename), spec));
        if (target && target.pkg.dir !== fromDir) {
          context.report({
            node: source,
            messageId: 'leavesPackage',
            data: { spec, from: fromDir, to: target.pkg.dir, toName: target.pkg.name },
          });
        }
        return;
      }
      const m = /^(@camwatch\/[^/]+)(\/.*)?$/.exec(spec);
      if (!m) return;
      const target = byName.get(m[1]);
      if (!target || target.dir === fromDir) return;
      const allowed = ALLOWED[fromDir] ?? { always: [], test: [] };
      const ok = allowed.always === '*' || allowed.always.includes(target.dir) || (isTestFile && allowed.test.includes(target.dir));
      if (!ok) context.report({ node: source, messageId: 'direction', data: { from: fromDir, name: target.name } });
      const entry = m[2] ? `.${m[2]}` : '.';
      if (!target.entries.includes(entry)) {
        context.report({
          node: source,
          messageId: 'notAnEntry',
          data: {
            spec,
            name: target.name,
            entries: target.entries.map((e) => (e === '.' ? target.name : `${target.name}${e.slice(1)}`)).join(', '),
          },
        });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null),
    };
  },
};
