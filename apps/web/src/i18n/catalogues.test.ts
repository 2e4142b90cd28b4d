import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every key the interface asks for exists in every language, and no catalogue keeps a key nobody asks for.
 * Keys are string literals in `t('key')` / `t('ns:key')` calls (a file's namespace is the first one it
 * names in `useTranslation`); a key with plural forms (`key_one`, `key_other`, ...) is asked for as `key`.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.resolve(here, '..');
const localesDir = path.join(here, 'locales');
const languages = readdirSync(localesDir);
const pluralForms: Record<string, string[]> = { en: ['one', 'other'], ru: ['one', 'few', 'many', 'other'] };

function flatten(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function catalogue(lang: string) {
  const keys = new Map<string, string>();
  for (const file of readdirSync(path.join(localesDir, lang))) {
    const ns = file.replace(/\.json$/, '');
    const json = JSON.parse(readFileSync(path.join(localesDir, lang, file), 'utf8')) as Record<
      string,
      unknown
    >;
    for (const key of flatten(json)) keys.set(`${ns}:${key}`, key);
  }
  return keys;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [full] : [];
  });
}

interface Use {
  key: string;
  file: string;
}

function usedKeys(): { uses: Use[]; dynamic: string[] } {
  const uses: Use[] = [];
  const dynamic: string[] = [];
  for (const file of sources(src)) {
    const code = readFileSync(file, 'utf8');
    // Only files that take part in translation: elsewhere `t` may be any local helper.
    if (!/react-i18next|i18n\/i18n'|TFunction/.test(code)) continue;
    const named = /useTranslation\(\s*\[?\s*'([a-zA-Z]+)'/.exec(code);
    const ns = named?.[1] ?? 'common';
    const rel = path.relative(src, file);
    // `t(` alone or as a method (`i18n.t(`), not the end of another name such as `format(`.
    for (const m of code.matchAll(/(?<![\w$])(?:i18n\.)?t\(\s*(['"`])((?:(?!\1)[^\\]|\\.)*)\1\s*[,)]/g)) {
      const [, quote, raw] = m;
      if (quote === '`' && raw.includes('${')) {
        dynamic.push(`${rel}: t(\`${raw}\`)`);
        continue;
      }
      uses.push({ key: raw.includes(':') ? raw : `${ns}:${raw}`, file: rel });
    }
    for (const m of code.matchAll(/i18nKey=(['"])([^'"]+)\1/g)) {
      uses.push({ key: m[2].includes(':') ? m[2] : `${ns}:${m[2]}`, file: rel });
    }
    for (const m of code.matchAll(/(?<![\w$])(?:i18n\.)?t\(\s*([^'"`\s)][^,)]*)/g)) {
      dynamic.push(`${rel}: t(${m[1]}`);
    }
  }
  return { uses, dynamic };
}

const baseKey = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

describe('the interface catalogues', () => {
  const { uses, dynamic } = usedKeys();
  const asked = new Set(uses.map((u) => u.key));

  it('are asked for with literal keys only, so that this check sees every one', () => {
    expect(dynamic).toEqual([]);
  });

  it('exist for English and Russian', () => {
    expect(languages.sort()).toEqual(['en', 'ru']);
  });

  for (const lang of languages) {
    const keys = catalogue(lang);
    const bases = new Set([...keys.keys()].map(baseKey));

    it(`${lang}: holds every key the code asks for`, () => {
      const missing = uses.filter((u) => !bases.has(u.key)).map((u) => `${u.key} (${u.file})`);
      expect([...new Set(missing)]).toEqual([]);
    });

    it(`${lang}: holds no key the code never asks for`, () => {
      const unused = [...bases].filter((k) => !asked.has(k));
      expect(unused).toEqual([]);
    });

    it(`${lang}: gives every plural key all the forms of the language`, () => {
      const plurals = [...keys.keys()].filter((k) => baseKey(k) !== k).map(baseKey);
      const incomplete = [...new Set(plurals)].filter(
        (base) => !pluralForms[lang].every((form) => keys.has(`${base}_${form}`)),
      );
      expect(incomplete).toEqual([]);
    });

    it(`${lang}: has no empty text, and no key or placeholder unknown to English`, () => {
      const en = catalogue('en');
      const problems: string[] = [];
      for (const [full] of keys) {
        const ns = full.split(':')[0];
        const json = JSON.parse(readFileSync(path.join(localesDir, lang, `${ns}.json`), 'utf8')) as Record<
          string,
          unknown
        >;
        const value = full
          .slice(ns.length + 1)
          .split('.')
          .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], json);
        if (typeof value !== 'string' || value.trim() === '') problems.push(`${full}: empty`);
        const enKey = [...en.keys()].find((k) => baseKey(k) === baseKey(full));
        if (!enKey) problems.push(`${full}: not in English`);
        else if (typeof value === 'string') {
          const enJson = JSON.parse(
            readFileSync(path.join(localesDir, 'en', `${ns}.json`), 'utf8'),
          ) as Record<string, unknown>;
          const enValue = String(
            enKey
              .slice(ns.length + 1)
              .split('.')
              .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], enJson),
          );
          const known = new Set([...enValue.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).concat('count'));
          for (const m of value.matchAll(/\{\{(\w+)\}\}/g))
            if (!known.has(m[1])) problems.push(`${full}: {{${m[1]}}} is not in English`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
