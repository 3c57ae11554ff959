import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

/** The repository's root: the lint tests run its own configuration. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * One rule of the repository's lint configuration: `messagesFor` lints a small source as if it
 * were `filePath` in the repository, `messagesIn` lints a real folder; both keep that rule's messages only.
 */
export function lintRule(rule: string): {
  messagesFor(filePath: string, code: string): Promise<string[]>;
  messagesIn(dir: string): Promise<string[]>;
} {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  return {
    async messagesFor(filePath, code) {
      const [result] = await eslint.lintText(code, { filePath: `${REPO_ROOT}${filePath}` });
      return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message);
    },
    async messagesIn(dir) {
      const results = await eslint.lintFiles([`${REPO_ROOT}${dir}`]);
      return results.flatMap((r) => r.messages.filter((m) => m.ruleId === rule).map((m) => `${r.filePath}:${m.line} ${m.message}`));
    },
  };
}
