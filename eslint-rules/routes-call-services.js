/**
 * hub/routes-call-services: a hub route parses the request, calls a service and maps its answer
 * to HTTP; it never reaches past the services, not even to read. Reported in hub/src `*-routes.ts` files:
 * - an import of a `*-repository.ts` module (types too: a service re-exports what its routes show);
 * - `….deps.db` (the raw database handle);
 * - `….audit.record(…)` (a change and its audit entry belong together, in the service's transaction);
 * - `ctx.<member>` handed as an argument to a helper (`reportScope(ctx.fleet, …)`): the helper then does
 *   the service's work with what it was handed; call a service method instead.
 * And in hub/src/http/api-context.ts, the context routes receive:
 * - a member of `ApiContext` typed as a repository (`*Repository`, or a type imported from a
 *   `*-repository.ts` module): routes would read through it. Hand them a service.
 */

const REPOSITORY_MODULE = /-repository(\.ts|\.js)?$/;

/** Whether the file is a hub route file. */
export function judged(filename) {
  const f = filename.replace(/\\/g, '/');
  return f.includes('/hub/src/') && /-routes\.ts$/.test(f);
}

/** Whether the file builds the API context handed to every route. */
export function isApiContext(filename) {
  return filename.replace(/\\/g, '/').endsWith('/hub/src/http/api-context.ts');
}

/** Type names a type annotation mentions (`A`, `A | null`, `Pick<A, 'x'>`, `A[]`). */
function typeNames(node, out = []) {
  if (!node || typeof node !== 'object') return out;
  if (node.type === 'TSTypeReference' && node.typeName.type === 'Identifier') out.push(node.typeName.name);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent') continue;
    if (Array.isArray(value)) value.forEach((v) => typeNames(v, out));
    else if (value && typeof value.type === 'string') typeNames(value, out);
  }
  return out;
}

function contextRule(context) {
  const fromRepositoryModule = new Set();
  return {
    ImportDeclaration(node) {
      if (!REPOSITORY_MODULE.test(String(node.source.value))) return;
      for (const s of node.specifiers) fromRepositoryModule.add(s.local.name);
    },
    'TSInterfaceDeclaration[id.name="ApiContext"] TSPropertySignature'(node) {
      const name = node.key.type === 'Identifier' ? node.key.name : '?';
      for (const type of typeNames(node.typeAnnotation)) {
        if (/Repository$/.test(type) || fromRepositoryModule.has(type))
          context.report({ node, messageId: 'contextRepository', data: { name, type } });
      }
    },
  };
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'hub routes call services, not repositories, the database or the audit log' },
    schema: [],
    messages: {
      repository: "a route imports {{source}}: call this feature's service instead (a service may re-export its row types)",
      db: 'a route uses the database handle: move the work into a service',
      audit: 'a route writes the audit log: the service records it in the same transaction as the change',
      handsOut: 'a route hands ctx.{{name}} to a helper: give the service a method that does this work, and call it',
      contextRepository: 'the API context exposes a repository ({{name}}: {{type}}): routes would read through it; hand them a service',
    },
  },
  create(context) {
    if (isApiContext(context.filename)) return contextRule(context);
    if (!judged(context.filename)) return {};
    return {
      ImportDeclaration(node) {
        const source = String(node.source.value);
        if (REPOSITORY_MODULE.test(source)) context.report({ node, messageId: 'repository', data: { source } });
      },
      // `….deps.db` and `….audit.record`: a property read on a named property.
      MemberExpression(node) {
        const o = node.object;
        if (node.computed || node.property.type !== 'Identifier' || o.type !== 'MemberExpression' || o.computed) return;
        const path = `${o.property.name}.${node.property.name}`;
        if (path === 'deps.db') context.report({ node, messageId: 'db' });
        if (path === 'audit.record') context.report({ node, messageId: 'audit' });
      },
      CallExpression(node) {
        for (let arg of node.arguments) {
          // `ctx.fleet as never`, `ctx.fleet!`: still the member itself.
          while (['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression'].includes(arg.type)) arg = arg.expression;
          const handed = arg.type === 'MemberExpression' && !arg.computed && arg.object.type === 'Identifier' && arg.object.name === 'ctx';
          if (handed && arg.property.type === 'Identifier')
            context.report({ node: arg, messageId: 'handsOut', data: { name: arg.property.name } });
        }
      },
    };
  },
};
