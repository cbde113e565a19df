import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en, type MessageKey, zh } from './messages.js';

export type Language = 'zh-CN' | 'en';
const TABLES: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zh, en };
const KEY = 'service-desk.language';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
  /** A timestamp in the tenant's time zone. */
  formatDate(iso: string | null | undefined): string;
  timeZone: string;
}

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

export function translator(language: Language): Translate {
  return (key, values) => format(TABLES[language][key], values);
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  const saved = globalThis.localStorage?.getItem(KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return globalThis.navigator?.language?.startsWith('en') ? 'en' : 'zh-CN';
}

export function I18nProvider({ timeZone, children }: { timeZone: string; children: ReactNode }) {
  const [language, setState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    globalThis.localStorage?.setItem(KEY, next);
    setState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(() => {
    const formatter = new Intl.DateTimeFormat(language, {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    return {
      language,
      setLanguage,
      timeZone,
      t: translator(language),
      formatDate: (iso) => (iso ? formatter.format(new Date(iso)) : '—'),
    };
  }, [language, setLanguage, timeZone]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <label className="language">
      {t('language')}{' '}
      <select
        data-testid="language"
        value={language}
        onChange={(event) => setLanguage(event.target.value as Language)}
      >
        <option value="zh-CN">中文</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}
