// zh-CN first, English switchable. Strings live in the dictionaries under zh/ and en/; the English
// dictionary is typed against the Chinese one, so a missing translation fails the type check.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import ConfigProvider from 'antd/es/config-provider';
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { zh, type MsgKey } from './zh';
import { en } from './en';

// People who ask their system for less motion (prefers-reduced-motion) get popups, drawers and dialogs without
// animation; the browser tests ask for it too, so a click never lands on a popup that is still zooming in.
const REDUCED_MOTION = typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

export type Lang = 'zh' | 'en';
export type { MsgKey };
type Vars = Record<string, string | number>;

const dictionaries: Record<Lang, Record<MsgKey, string>> = { zh, en };
const STORAGE_KEY = 'minhu.lang';

function interpolate(s: string, vars?: Vars): string {
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MsgKey, vars?: Vars): string;
  /** Label of an enum value, e.g. te('status', 'registered'); unknown values are shown as they are. */
  te(group: string, value: string | number | null | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh' || saved === 'en') return saved;
  } catch { /* storage may be blocked */ }
  return 'zh';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try { localStorage.setItem(STORAGE_KEY, l); } catch { /* ignore */ }
  }, []);
  const value = useMemo<I18n>(() => {
    const dict = dictionaries[lang];
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    return {
      lang,
      setLang,
      t: (key, vars) => interpolate(dict[key] ?? key, vars),
      te: (group, v) => {
        if (v === null || v === undefined || v === '') return '—';
        const k = `${group}.${v}` as MsgKey;
        return dict[k] ?? String(v);
      },
    };
  }, [lang, setLang]);
  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#c8102e', borderRadius: 4, motion: !REDUCED_MOTION } }}>
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
