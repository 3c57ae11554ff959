/**
 * camwatch/sql-in-repositories: in the hub, only a repository speaks SQL. Reported anywhere in
 * hub/src except `*-repository.ts` files and `db/` (the Db adapters, migrations):
 * - a call of `.query(…)` or `.copyRows(…)` (COPY) on anything;
 * - a `sql` tagged template;
 * - a string or template literal that starts as an SQL statement (SELECT, INSERT INTO, UPDATE … SET,
 *   DELETE FROM, WITH …, COPY …), so SQL text is not built elsewhere and handed to a repository.
 */
const STATEMENT = /^\s*(SELECT\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|WITH\s+(RECURSIVE\s+)?\w+|COPY\s+\w+)/;

/** Whether the file is one the rule judges: hub/src, outside repositories and db/. */
export function judged(filename) {
  const f = filename.replace(/\\/g, '/');
  const at = f.lastIndexOf('/hub/src/');
  if (at < 0) return false;
  const inner = f.slice(at + '/hub/src/'.length);
  return !inner.startsWith('db/') && !/-repository\.ts$/.test(inner);
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'SQL only in *-repository.ts (and db/) in the hub' },
    schema: [],
    messages: {
      call: '.{{name}}() runs SQL: move it into a *-repository.ts of this feature and call that',
      tagged: 'a sql`…` template is SQL: move it into a *-repository.ts of this feature',
      text: 'SQL text ({{start}}…) belongs in a *-repository.ts of this feature',
    },
  },
  create(context) {
    if (!judged(context.filename)) return {};
    const literal = (node, text) => {
      const m = STATEMENT.exec(text);
      if (m) context.report({ node, messageId: 'text', data: { start: m[1].trim() } });
    };
    return {
      CallExpression(node) {
        const c = node.callee;
        if (c.type === 'MemberExpression' && !c.computed && (c.property.name === 'query' || c.property.name === 'copyRows'))
          context.report({ node, messageId: 'call', data: { name: c.property.name } });
      },
      TaggedTemplateExpression(node) {
        const t = node.tag;
        const name = t.type === 'Identifier' ? t.name : t.type === 'MemberExpression' && !t.computed ? t.property.name : null;
        if (name === 'sql') context.report({ node, messageId: 'tagged' });
      },
      Literal(node) {
        if (typeof node.value === 'string') literal(node, node.value);
      },
      TemplateLiteral(node) {
        if (node.parent?.type === 'TaggedTemplateExpression') return;
        literal(node, node.quasis[0]?.value.cooked ?? '');
      },
    };
  },
};
