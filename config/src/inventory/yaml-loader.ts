import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { compileValidator } from '../validation.ts';
import { InventoryError, type InventoryIssue } from './errors.ts';
import { checkIntegrity } from './integrity.ts';
import { Inventory } from './schema.ts';

const validator = compileValidator(Inventory);

/** Finds the YAML node at a JSON pointer, so a schema error can name its line. */
function nodeAt(root: Node | null, pointer: string): Node | null {
  let node: Node | null = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) return node;
      // An unknown key is reported at the key itself.
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node)) {
      const next = node.items[Number(key)] as Node | undefined;
      if (!next) return node;
      node = next;
    } else {
      return node;
    }
  }
  return node;
}

/** Parses and validates a YAML inventory; every problem is reported at once with file and line. */
export function parseInventoryYaml(text: string, file = '<inventory>'): Inventory {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const lineOf = (node: Node | null) => (node?.range ? lineCounter.linePos(node.range[0]).line : null);
  const issues: InventoryIssue[] = doc.errors.map((e) => ({ file, line: e.linePos?.[0]?.line ?? null, path: '', message: e.message }));
  if (issues.length) throw new InventoryError(issues);
  const value: unknown = doc.toJS();
  for (const i of validator.issues(value, 200)) {
    issues.push({ file, line: lineOf(nodeAt(doc.contents as Node | null, i.path)), path: i.path, message: i.message });
  }
  if (issues.length) throw new InventoryError(issues);
  const inv = value as Inventory;
  for (const i of checkIntegrity(inv)) {
    const path = `/${i.entity}/${i.index}/${i.field}`;
    issues.push({ file, line: lineOf(nodeAt(doc.contents as Node | null, path)), path, message: i.message });
  }
  if (issues.length) throw new InventoryError(issues);
  return inv;
}
