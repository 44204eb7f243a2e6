import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { parseValue, formatValue } from '../../../common/pg-text.ts';
import { arrayOf, T, type SqlType } from '../../../common/types.ts';
import { getFunction, resolveFunction } from './registry.ts';
import { errorText } from '../../../tests/error-text.ts';

const call = (id: string, ...a: unknown[]) => getFunction(id).impl(...a);
const err = errorText;
const D = (s: string) => new Decimal(s);
const ts = (s: string) => parseValue(T.timestamp, s) as number;
const iv = (s: string) => parseValue(T.interval, s);
const res = (name: string, ...types: SqlType[]) => {
  const r = resolveFunction(name, types);
  return r ? `${r.fn.id}(${r.argTypes.map((t) => t.id).join(',')}):${r.returnType.id}` : undefined;
};

describe('resolveFunction', () => {
  it('follows PostgreSQL operator and function resolution', () => {
    expect(res('+', T.int4, T.int4)).toBe('int4_add(int4,int4):int4');
    expect(res('+', T.int2, T.int4)).toBe('int4_add(int4,int4):int4');
    expect(res('+', T.int4, T.int8)).toBe('int8_add(int8,int8):int8');
    expect(res('*', T.numeric, T.int4)).toBe('numeric_mul(numeric,numeric):numeric');
    expect(res('/', T.float4, T.int8)).toBe('float4_div(float4,float4):float4');
    expect(res('^', T.int4, T.int4)).toBe('float8_pow(float8,float8):float8');
    expect(res('=', T.text, T.unknown)).toBe('text_eq(text,text):bool');
    expect(res('=', T.varchar, T.unknown)).toBe('text_eq(text,text):bool');
    expect(res('!=', T.int8, T.int4)).toBe('int8_ne(int8,int8):bool');
    expect(res('<', T.timestamp, T.unknown)).toBe('timestamp_lt(timestamp,timestamp):bool');
    expect(res('round', T.int4)).toBe('float8_round(float8):float8');
    expect(res('round', T.numeric, T.int4)).toBe('numeric_round_scale(numeric,int4):numeric');
    expect(res('date_trunc', T.unknown, T.date)).toBe('date_trunc_timestamptz(text,timestamptz):timestamptz');
    expect(res('length', T.unknown)).toBe('length(text):int4');
    expect(res('-', T.date, T.date)).toBe('date_mi(date,date):int4');
    expect(res('+', T.date, T.int4)).toBe('date_pli(date,int4):date');
    expect(res('-', T.timestamp, T.timestamp)).toBe('timestamp_mi(timestamp,timestamp):interval');
    expect(res('||', T.int4, T.text)).toBe('text_concat(text,text):text');
    expect(res('||', T.unknown, T.unknown)).toBe('text_concat(text,text):text');
    expect(res('concat', T.int4, T.unknown, T.bool)).toBe('concat(text,text,text):text');
    expect(res('[]', arrayOf(T.text), T.int4)).toBe('array_subscript(array,int4):text');
    expect(res('=', arrayOf(T.int4), arrayOf(T.int4))).toBe('array_eq(array,array):bool');
    expect(res('like', T.varchar, T.unknown)).toBe('text_like(text,text):bool');
    expect(res('nope', T.int4)).toBeUndefined();
    expect(res('+', T.bool, T.bool)).toBeUndefined();
  });
});

describe('arithmetic', () => {
  it('checks integer overflow and division by zero', () => {
    expect(err(() => call('int4_add', 2147483647, 1))).toBe('22003 integer out of range');
    expect(err(() => call('int2_mul', 200, 200))).toBe('22003 smallint out of range');
    expect(err(() => call('int4_div', -2147483648, -1))).toBe('22003 integer out of range');
    expect(err(() => call('int8_add', 9223372036854775807n, 1))).toBe('22003 bigint out of range');
    expect(err(() => call('int4_div', 1, 0))).toBe('22012 division by zero');
    expect(err(() => call('int8_mod', 1, 0))).toBe('22012 division by zero');
    expect(err(() => call('float8_div', 1, 0))).toBe('22012 division by zero');
    expect(err(() => call('numeric_div', D('1'), D('0')))).toBe('22012 division by zero');
    expect(err(() => call('float8_mul', 1e300, 1e300))).toBe('22003 value out of range: overflow');
    expect(err(() => call('int4_neg', -2147483648))).toBe('22003 integer out of range');
  });

  it('keeps int8 exact past 2^53 in canonical form', () => {
    expect(call('int8_add', 9007199254740991, 2)).toBe(9007199254740993n);
    expect(call('int8_sub', 9007199254740993n, 2)).toBe(9007199254740991);
    expect(call('int8_mul', 3037000499, 3037000499)).toBe(9223372030926249001n);
    expect(call('int8_div', 9223372036854775807n, 2)).toBe(4611686018427387903n);
    expect(call('int8_neg', 5)).toBe(-5);
  });

  it('truncates integer division and keeps the dividend sign in %', () => {
    expect(call('int4_div', 7, -2)).toBe(-3);
    expect(call('int4_mod', -7, 2)).toBe(-1);
    expect(call('int8_mod', 7, -2)).toBe(1);
    expect(Object.is(call('int4_mod', -4, 2), -0)).toBe(false);
    expect(String(call('numeric_mod', D('-7.5'), D('2')))).toBe('-1.5');
    expect(call('int4_mod_fn', 10, 3)).toBe(1);
  });

  it('divides numerics with at least 16 significant digits', () => {
    expect(String(call('numeric_div', D('1'), D('3')))).toBe('0.33333333333333333333');
    expect(String(call('numeric_div', D('10'), D('3')))).toBe('3.3333333333333333');
    expect(String(call('numeric_div', D('2'), D('0.0003')))).toBe('6666.6666666666666667');
    expect(String(call('numeric_add', D('12345678901234567890.1'), D('0.00000000000000000001')))).toBe('12345678901234567890.10000000000000000001');
    expect((call('numeric_pow', D('2'), D('100')) as Decimal).toFixed()).toBe('1267650600228229401496703205376');
  });

  it('computes floats, powers and abs', () => {
    expect(call('float8_pow', 2, 10)).toBe(1024);
    expect(err(() => call('float8_pow', 0, -1))).toBe('2201F zero raised to a negative power is undefined');
    expect(call('float4_add', 0.1, 0.2)).toBe(Math.fround(0.1 + 0.2));
    expect(call('int8_abs', -3)).toBe(3);
    expect(String(call('numeric_abs', D('-1.5')))).toBe('1.5');
    expect(call('float8_neg', 1.5)).toBe(-1.5);
  });
});

describe('math', () => {
  it('rounds as PostgreSQL', () => {
    expect(call('float8_round', 2.5)).toBe(2);
    expect(call('float8_round', 3.5)).toBe(4);
    expect(String(call('numeric_round', D('2.5')))).toBe('3');
    expect(String(call('numeric_round', D('-2.5')))).toBe('-3');
    expect(String(call('numeric_round_scale', D('1234.5678'), 2))).toBe('1234.57');
    expect(String(call('numeric_round_scale', D('1234.5678'), -2))).toBe('1200');
    expect(String(call('numeric_trunc_scale', D('-1.99'), 1))).toBe('-1.9');
    expect(call('float8_trunc', -1.9)).toBe(-1);
    expect(call('float8_ceil', 1.1)).toBe(2);
    expect(String(call('numeric_floor', D('-1.1')))).toBe('-2');
    expect(call('float8_sign', -3)).toBe(-1);
    expect(String(call('numeric_sign', D('0')))).toBe('0');
  });

  it('computes roots, logs and exponentials', () => {
    expect(call('float8_sqrt', 16)).toBe(4);
    expect(String(call('numeric_sqrt', D('2')))).toBe('1.414213562373095');
    expect(err(() => call('float8_sqrt', -1))).toBe('2201F cannot take square root of a negative number');
    expect(call('float8_ln', Math.E)).toBe(1);
    expect(String(call('numeric_ln', D('2')))).toBe('0.6931471805599453');
    expect(err(() => call('float8_ln', 0))).toBe('2201E cannot take logarithm of zero');
    expect(call('float8_log', 1000)).toBe(3);
    expect(String(call('numeric_log_base', D('2'), D('8')))).toBe('3');
    expect(call('float8_exp', 0)).toBe(1);
    expect(call('float8_power', 2, 0.5)).toBeCloseTo(Math.SQRT2);
    expect(call('pi')).toBe(Math.PI);
    expect(getFunction('random').volatile).toBe(true);
    expect(call('degrees', Math.PI)).toBe(180);
    expect(call('float8_cbrt', 27)).toBe(3);
  });
});

describe('comparison', () => {
  it('compares every representation with PostgreSQL semantics', () => {
    expect(call('int8_lt', 5, 9007199254740993n)).toBe(true);
    expect(call('float8_eq', NaN, NaN)).toBe(true);
    expect(call('float8_gt', NaN, Infinity)).toBe(true);
    expect(call('numeric_eq', D('1.5'), D('1.50'))).toBe(true);
    expect(call('text_lt', 'Z', 'a')).toBe(true);
    expect(call('text_lt', '\uFFFF', '\u{1F600}')).toBe(true);
    expect(call('bpchar_eq', 'ab  ', 'ab')).toBe(true);
    expect(call('interval_eq', iv('1 mon'), iv('30 days'))).toBe(true);
    expect(call('interval_lt', iv('23 hours'), iv('1 day'))).toBe(true);
    expect(call('bool_lt', false, true)).toBe(true);
    expect(call('array_lt', [1, 2], [1, 3])).toBe(true);
    expect(call('array_eq', [1, null], [1, null])).toBe(true);
    expect(call('bytea_lt', new Uint8Array([1]), new Uint8Array([1, 0]))).toBe(true);
    expect(call('array_subscript', ['a', 'b'], 2)).toBe('b');
    expect(call('array_subscript', ['a'], 5)).toBe(null);
    expect(call('map_subscript', new Map([['k', 1]]), 'k')).toBe(1);
  });
});

describe('strings', () => {
  it('implements the PostgreSQL string functions', () => {
    expect(call('text_concat', 'a', 'b')).toBe('ab');
    expect(call('lower', 'AbC')).toBe('abc');
    expect(call('upper', 'AbC')).toBe('ABC');
    expect(call('length', 'héllo\u{1F600}')).toBe(6);
    expect(call('char_length', 'abc')).toBe(3);
    expect(call('character_length', 'abc')).toBe(3);
    expect(call('octet_length', 'é')).toBe(2);
    expect(call('substring3', 'hello', 2, 3)).toBe('ell');
    expect(call('substr3', 'hello', -1, 3)).toBe('h');
    expect(call('substring2', 'hello', 3)).toBe('llo');
    expect(err(() => call('substr3', 'hello', 1, -1))).toBe('22011 negative substring length not allowed');
    expect(call('position', 'hello', 'll')).toBe(3);
    expect(call('strpos', 'hello', 'z')).toBe(0);
    expect(call('concat', 'a', null, '1')).toBe('a1');
    expect(call('concat_ws', ',', 'a', null, 'b')).toBe('a,b');
    expect(call('concat_ws', null, 'a')).toBe(null);
    expect(call('btrim1', '  x  ')).toBe('x');
    expect(call('btrim2', 'xxaxx', 'x')).toBe('a');
    expect(call('trim1', ' a ')).toBe('a');
    expect(call('ltrim1', '  x ')).toBe('x ');
    expect(call('rtrim2', 'axyx', 'xy')).toBe('a');
    expect(call('ltrim2', 'zza', 'z')).toBe('a');
    expect(call('replace', 'abcabc', 'b', 'X')).toBe('aXcaXc');
    expect(call('split_part', 'a,b,c', ',', 2)).toBe('b');
    expect(call('split_part', 'a,b,c', ',', -1)).toBe('c');
    expect(call('split_part', 'a,b,c', ',', 5)).toBe('');
    expect(err(() => call('split_part', 'a', ',', 0))).toBe('22023 field position must not be zero');
    expect(call('left', 'abcde', 2)).toBe('ab');
    expect(call('left', 'abcde', -2)).toBe('abc');
    expect(call('right', 'abcde', 2)).toBe('de');
    expect(call('right', 'abcde', -2)).toBe('cde');
    expect(call('lpad3', 'hi', 5, 'xy')).toBe('xyxhi');
    expect(call('lpad2', 'hello', 3)).toBe('hel');
    expect(call('rpad2', 'hi', 4)).toBe('hi  ');
    expect(call('rpad3', 'hi', 4, '*')).toBe('hi**');
    expect(call('repeat', 'ab', 3)).toBe('ababab');
    expect(call('repeat', 'ab', -1)).toBe('');
    expect(call('reverse', 'abc')).toBe('cba');
    expect(call('initcap', 'hello wORLD foo_bar')).toBe('Hello World Foo_Bar');
    expect(call('translate', '12345', '143', 'ax')).toBe('a2x5');
    expect(call('md5', 'abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(call('starts_with', 'alphabet', 'alph')).toBe(true);
    expect(call('chr', 65)).toBe('A');
    expect(err(() => call('chr', 0))).toBe('54000 null character not permitted');
    expect(call('ascii', 'x')).toBe(120);
    expect(call('quote_ident', 'Foo bar')).toBe('"Foo bar"');
    expect(call('quote_ident', 'select')).toBe('"select"');
    expect(call('quote_ident', 'abc')).toBe('abc');
    expect(call('quote_literal', "O'Reilly")).toBe("'O''Reilly'");
    expect(call('quote_literal', 'a\\b')).toBe("E'a\\\\b'");
    expect(call('split_index', 'a,b,c', ',', 1)).toBe('b');
    expect(call('split_index', 'a,b,c', ',', 3)).toBe(null);
    expect(call('bytea_length', new Uint8Array(3))).toBe(3);
  });

  it('matches LIKE and regular expressions', () => {
    expect(call('text_like', 'abc', 'a%')).toBe(true);
    expect(call('text_like', 'abc', 'A%')).toBe(false);
    expect(call('text_like', 'a_c', 'a\\_c')).toBe(true);
    expect(call('text_like', 'abc', 'a\\_c')).toBe(false);
    expect(call('text_like_esc', 'a%c', 'a!%c', '!')).toBe(true);
    expect(call('text_like', 'a.c\nd', 'a.c_d')).toBe(true);
    expect(call('text_like', 'x(y', '%(%')).toBe(true);
    expect(err(() => call('text_like', 'a', 'a\\'))).toBe('22025 LIKE pattern must not end with escape character');
    expect(call('text_ilike', 'ABC', 'a_c')).toBe(true);
    expect(call('text_not_like', 'abc', 'b%')).toBe(true);
    expect(call('text_not_ilike', 'ABC', 'a%')).toBe(false);
    expect(call('text_regex', 'foobar', 'o+b')).toBe(true);
    expect(call('text_regex_i', 'FOO', '^foo$')).toBe(true);
    expect(call('text_not_regex', 'foo', 'x')).toBe(true);
    expect(call('text_not_regex_i', 'FOO', 'foo')).toBe(false);
    expect(call('text_regex', 'abc1', '[[:digit:]]')).toBe(true);
    expect(err(() => call('text_regex', 'a', '('))).toMatch(/^2201B invalid regular expression/);
    expect(call('regexp_replace3', 'foobarbaz', 'b..', 'X')).toBe('fooXbaz');
    expect(call('regexp_replace4', 'foobarbaz', 'b(..)', 'X\\1Y', 'g')).toBe('fooXarYXazY');
    expect(call('regexp_replace4', 'ABC', 'b', '$', 'i')).toBe('A$C');
    expect(err(() => call('regexp_replace4', 'a', 'a', 'b', 'z'))).toBe('22023 invalid regular expression option: "z"');
    expect(call('regexp_match2', 'foobarbequebaz', '(bar)(beque)')).toEqual(['bar', 'beque']);
    expect(call('regexp_match2', 'foobar', 'o+')).toEqual(['oo']);
    expect(call('regexp_match2', 'foobar', 'z')).toBe(null);
    expect(call('substring_regex', 'foobar', 'o.b')).toBe('oob');
    expect(call('substring_regex', 'foobar', 'o(.)b')).toBe('o');
    expect(call('regexp_extract3', 'foothebar', 'foo(.*?)(bar)', 2)).toBe('bar');
    expect(call('regexp_extract2', 'foothebar', 'the')).toBe('the');
    expect(call('regexp_extract3', 'foo', 'x(y)', 1)).toBe(null);
  });
});

describe('date/time', () => {
  const f = (t: SqlType, v: unknown) => formatValue(t, v);
  it('does timestamp and date arithmetic', () => {
    expect(f(T.timestamp, call('timestamp_pl_interval', ts('2024-01-31 10:00'), iv('1 mon')))).toBe('2024-02-29 10:00:00');
    expect(f(T.timestamp, call('timestamp_mi_interval', ts('2024-03-01'), iv('1 day 1 hour')))).toBe('2024-02-28 23:00:00');
    expect(f(T.timestamp, call('interval_pl_timestamp', iv('2 hours'), ts('2024-01-01')))).toBe('2024-01-01 02:00:00');
    expect(f(T.interval, call('timestamp_mi', ts('2024-03-01 12:00'), ts('2024-02-28 00:00')))).toBe('2 days 12:00:00');
    expect(f(T.interval, call('timestamptz_mi', 0, 90_000_000_000))).toBe('-1 days -01:00:00');
    expect(f(T.date, call('date_pli', 19723, 1))).toBe('2024-01-02');
    expect(f(T.date, call('int4_pl_date', 1, 19723))).toBe('2024-01-02');
    expect(f(T.date, call('date_mii', 19723, 1))).toBe('2023-12-31');
    expect(call('date_mi', 19724, 19723)).toBe(1);
    expect(f(T.timestamp, call('date_pl_interval', 19723, iv('1 hour')))).toBe('2024-01-01 01:00:00');
    expect(f(T.timestamp, call('date_mi_interval', 19723, iv('1 hour')))).toBe('2023-12-31 23:00:00');
    expect(f(T.timestamp, call('date_pl_time', 19723, 3_600_000_000))).toBe('2024-01-01 01:00:00');
    expect(f(T.interval, call('interval_pl', iv('1 day'), iv('2 hours')))).toBe('1 day 02:00:00');
    expect(f(T.interval, call('interval_mi', iv('1 day'), iv('2 hours')))).toBe('1 day -02:00:00');
    expect(f(T.interval, call('interval_neg', iv('1 day')))).toBe('-1 days');
    expect(f(T.interval, call('interval_mul', iv('1 mon 1 day'), 1.5))).toBe('1 mon 16 days 12:00:00');
    expect(f(T.interval, call('mul_d_interval', 2, iv('01:00')))).toBe('02:00:00');
    expect(f(T.interval, call('interval_div', iv('3 hours'), 2))).toBe('01:30:00');
    expect(err(() => call('interval_div', iv('1 day'), 0))).toBe('22012 division by zero');
    expect(f(T.interval, call('justify_hours', iv('27 hours')))).toBe('1 day 03:00:00');
    expect(f(T.interval, call('justify_days', iv('35 days')))).toBe('1 mon 5 days');
    expect(f(T.time, call('time_pl_interval', 23 * 3_600_000_000, iv('2 hours')))).toBe('01:00:00');
  });

  it('truncates and extracts fields', () => {
    const t = ts('2024-05-16 10:11:34.123456');
    expect(f(T.timestamp, call('date_trunc_timestamp', 'week', t))).toBe('2024-05-13 00:00:00');
    expect(f(T.timestamp, call('date_trunc_timestamp', 'HOUR', t))).toBe('2024-05-16 10:00:00');
    expect(f(T.timestamp, call('date_trunc_timestamp', 'quarter', t))).toBe('2024-04-01 00:00:00');
    expect(f(T.timestamp, call('date_trunc_timestamp', 'century', t))).toBe('2001-01-01 00:00:00');
    expect(f(T.timestamptz, call('date_trunc_timestamptz', 'day', t))).toBe('2024-05-16 00:00:00+00');
    expect(f(T.timestamptz, call('date_trunc_timestamptz_zone', 'day', t, 'Asia/Tokyo'))).toBe('2024-05-15 15:00:00+00');
    expect(f(T.interval, call('date_trunc_interval', 'hour', iv('1 day 02:03:04')))).toBe('1 day 02:00:00');
    expect(err(() => call('date_trunc_timestamp', 'fortnight', t))).toBe('22023 unit "fortnight" not recognized for type timestamp without time zone');
    expect(String(call('extract_timestamp', 'second', t))).toBe('34.123456');
    expect(String(call('extract_timestamp', 'epoch', ts('2024-01-01 00:00:01.5')))).toBe('1704067201.5');
    expect(String(call('extract_timestamp', 'dow', t))).toBe('4');
    expect(String(call('extract_timestamp', 'doy', t))).toBe('137');
    expect(String(call('extract_timestamp', 'week', ts('2021-01-01')))).toBe('53');
    expect(String(call('extract_timestamptz', 'year', t))).toBe('2024');
    expect(String(call('extract_date', 'month', 19723))).toBe('1');
    expect(err(() => call('extract_date', 'hour', 19723))).toBe('0A000 unit "hour" not supported for type date');
    expect(String(call('extract_time', 'minute', 3_660_000_000))).toBe('1');
    expect(String(call('extract_interval', 'epoch', iv('1 day 1 second')))).toBe('86401');
    expect(String(call('extract_interval', 'hour', iv('1 day 05:00')))).toBe('5');
    expect(call('date_part_timestamp', 'minute', t)).toBe(11);
    expect(call('date_part_timestamptz', 'hour', t)).toBe(10);
    expect(call('date_part_date', 'day', 19723)).toBe(1);
    expect(call('date_part_time', 'hour', 7_200_000_000)).toBe(2);
    expect(call('date_part_interval', 'day', iv('3 days'))).toBe(3);
  });

  it('constructs and converts timestamps', () => {
    expect(f(T.timestamptz, call('to_timestamp', 1.5))).toBe('1970-01-01 00:00:01.5+00');
    expect(f(T.date, call('make_date', 2024, 2, 29))).toBe('2024-02-29');
    expect(err(() => call('make_date', 2023, 2, 29))).toBe('22008 date field value out of range: 2023-02-29');
    expect(f(T.timestamp, call('make_timestamp', 2024, 1, 2, 3, 4, 5.5))).toBe('2024-01-02 03:04:05.5');
    expect(f(T.timestamptz, call('timezone_timestamp', 'America/New_York', ts('2024-01-01 00:00')))).toBe('2024-01-01 05:00:00+00');
    expect(f(T.timestamp, call('timezone_timestamptz', 'Asia/Tokyo', ts('2024-01-01 00:00')))).toBe('2024-01-01 09:00:00');
    expect(call('date_format_timestamp', ts('2024-05-16 10:00:34.123'), 'yyyy-MM-dd HH:mm:ss.SSS')).toBe('2024-05-16 10:00:34.123');
    expect(call('date_format_timestamptz', ts('2024-05-16 10:00:00'), "yyyyMMdd'T'HH")).toBe('20240516T10');
    const now = call('now') as number;
    expect(Math.abs(now - Date.now() * 1000)).toBeLessThan(5e6);
    for (const id of ['current_timestamp', 'localtimestamp', 'proctime', 'statement_timestamp', 'transaction_timestamp', 'clock_timestamp']) {
      expect(getFunction(id).volatile).toBe(true);
      expect(typeof call(id)).toBe('number');
    }
    expect(call('current_date')).toBe(Math.floor(Date.now() / 86_400_000));
    expect(typeof call('localtime')).toBe('number');
  });
});

describe('misc', () => {
  it('makes uuids', () => {
    expect(call('gen_random_uuid')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(getFunction('gen_random_uuid').volatile).toBe(true);
    expect(typeof call('uuid_text')).toBe('string');
    expect(call('bytea_md5', new Uint8Array([97, 98, 99]))).toBe('900150983cd24fb0d6963f7d28e17f72');
  });
  it('throws InternalError for unknown ids', () => {
    expect(() => getFunction('no_such')).toThrow(/unknown function id/);
  });
});
