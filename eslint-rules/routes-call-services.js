/**
 * hub/routes-call-services: a hub route parses the request, calls a service and maps its answer
 * to HTTP; it never reaches past the services. Reported in hub/src `*-routes.ts` files:
 * - an import of a `*-repository.ts` module (types too: a service re-exports what its routes show);
 * - `….deps.db` (the raw database handle);
 * - `….audit.record(…)` (a change and its audit entry belong together, in the service's transaction).
 */

/** Whether the file is a hub route file. */
export function judged(filename) {
  const f = filename.replace(/\\/g, '/');
  return f.includes('/hub/src/') && /-routes\.ts$/.test(f);
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
    },
  },
  create(context) {
    if (!judged(context.filename)) return {};
    return {
      ImportDeclaration(node) {
        const source = String(node.source.value);
        if (/-repository(\.ts|\.js)?$/.test(source)) context.report({ node, messageId: 'repository', data: { source } });
      },
      // `….deps.db` and `….audit.record`: a property read on a named property.
      MemberExpression(node) {
        const o = node.object;
        if (node.computed || node.property.type !== 'Identifier' || o.type !== 'MemberExpression' || o.computed) return;
        const path = `${o.property.name}.${node.property.name}`;
        if (path === 'deps.db') context.report({ node, messageId: 'db' });
        if (path === 'audit.record') context.report({ node, messageId: 'audit' });
      },
    };
  },
};
