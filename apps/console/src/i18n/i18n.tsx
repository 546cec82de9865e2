import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, enumsEn, enumsZh, zh, type MessageKey } from './dictionary';

export type Lang = 'zh-CN' | 'en';

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  /** A message of the dictionary. */
  t: (key: MessageKey) => string;
  /** The label of an API enum value (grade, status, kind …); the value itself when unknown. */
  e: (value: string | null | undefined) => string;
}

const STORAGE_KEY = 'cadre.lang';
const Context = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN'));
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const messages = lang === 'en' ? en : zh;
    const enums = lang === 'en' ? enumsEn : enumsZh;
    return { lang, setLang, t: (key) => messages[key], e: (v) => (v ? (enums[v] ?? v) : '—') };
  }, [lang, setLang]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Context);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
