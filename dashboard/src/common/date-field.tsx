import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { parseDisplayDate, toDisplayDate } from './local-date.ts';

/**
 * A date typed as dd/MM/yyyy whatever the browser's language (a native date input follows the
 * browser and shows MM/dd/yyyy on many phones). Commits on blur or Enter; invalid text is marked.
 */
export function DateField({
  label,
  value,
  onChange,
  testId,
  onInvalid,
}: {
  label: string;
  value: string;
  onChange(iso: string): void;
  testId?: string;
  /** Told the text when a commit finds no real date (31/02/2026), and null when the field is valid again. */
  onInvalid?(text: string | null): void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(toDisplayDate(value));
  useEffect(() => setText(toDisplayDate(value)), [value]);
  const parsed = parseDisplayDate(text);
  const commit = () => {
    onInvalid?.(parsed === null ? text.trim() : null);
    if (parsed && parsed !== value) onChange(parsed);
  };
  return (
    <label className="field">
      {label}
      <input
        type="text"
        inputMode="numeric"
        placeholder={t('common.dateFormat')}
        value={text}
        size={10}
        aria-invalid={parsed === null}
        title={parsed === null ? t('common.invalidDate') : undefined}
        data-testid={testId}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </label>
  );
}
