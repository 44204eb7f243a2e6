/**
 * Precomputed string pools of the generator, built once (lazily) from a fixed pool seed, so the hot
 * path copies ready bytes instead of making strings: person names, cities and states (Beam's lists),
 * bid channels with their URLs (Flink nexmark: four hot channels, else `channel-<k>` of 10 000 with a
 * URL that carries `&channel_id=` nine times in ten), and a long random text from which `extra`,
 * item names, descriptions and e-mail parts are slices. The event seed only picks from the pools.
 */
import { Rng } from './random.ts';
import { wordPool } from './row-writer.ts';
import type { WordPool } from './row-writer.ts';

/** Beam's name lists. */
export const FIRST_NAMES = ['Peter', 'Paul', 'Luke', 'John', 'Saul', 'Vicky', 'Kate', 'Julie', 'Sarah', 'Deiter', 'Walter'] as const;
export const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris'] as const;
/** Beam's US states and cities (q3 filters on OR, ID, CA). */
export const US_STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'] as const;
export const US_CITIES = ['Phoenix', 'Los Angeles', 'San Francisco', 'Boise', 'Portland', 'Bend', 'Redmond', 'Seattle', 'Kent', 'Cheyenne'] as const;
/** Flink nexmark's hot channels (q21 maps these names to ids). */
export const HOT_CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'] as const;
/** Number of non-hot channels. */
export const CHANNELS_NUMBER = 10_000;
/** Bid `extra` variants (sizes follow the extra-size rule for a ~100 B bid). */
export const BID_EXTRA_VARIANTS = 4096;
/** Length of the random text that slices are taken from (a multiple of 4). */
export const TEXT_POOL_LENGTH = 65_536;

const POOL_SEED = 0x6e65786d; // "nexm"

/** Pools, in both string form (JSON, person/auction rows) and UTF-8 bytes (bid rows). */
export interface Pools {
  /** The random text: lower-case letters with a space about every 8 characters. */
  readonly text: string;
  /** All channels: the hot ones first, then `channel-0` … */
  readonly channels: readonly string[];
  readonly channelWords: WordPool;
  readonly urls: readonly string[];
  readonly urlWords: WordPool;
  /**
   * Bid extras: slices of `text` at 4-aligned offsets (variant i is text.substr(4 × wordOffset[i],
   * length[i])); `words` is `text`'s UTF-8 bytes as words.
   */
  readonly bidExtraWords: WordPool;
  /** "First Last" for every pair: index first × LAST_NAMES.length + last. */
  readonly names: readonly string[];
}

let pools: Pools | undefined;

function letters(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(97 + rng.nextInt(26));
  return s;
}

function baseUrl(rng: Rng): string {
  return `https://www.nexmark.com/${letters(rng, 5)}/${letters(rng, 5)}/${letters(rng, 5)}/item.htm?query=1`;
}

/** Java's Integer.reverse of a non-negative int, then abs: the channel id Flink's generator puts in URLs. */
function reversedChannelId(k: number): number {
  let r = 0;
  for (let i = 0; i < 32; i++) r = (r << 1) | ((k >>> i) & 1);
  return Math.abs(r | 0);
}

/**
 * Size of an `extra` string for an event whose other fields take `currentSize` bytes, to reach
 * `averageSize` on average: Beam's rule, uniform in ±20 % of the rest (empty when already larger).
 */
export function extraSize(rng: Rng, currentSize: number, averageSize: number): number {
  if (currentSize > averageSize) return 0;
  const rest = averageSize - currentSize;
  const delta = Math.round(rest * 0.2);
  return rest - delta + (delta === 0 ? 0 : rng.nextInt(2 * delta));
}

/** The pools (built on first call, ~3 MB, a few ms). */
export function getPools(): Pools {
  if (pools) return pools;
  const enc = new TextEncoder();
  const rng = new Rng(POOL_SEED);
  rng.reset(0);
  let text = '';
  for (let i = 0; i < TEXT_POOL_LENGTH; i++) text += rng.nextInt(8) === 0 ? ' ' : String.fromCharCode(97 + rng.nextInt(26));
  const channels: string[] = [...HOT_CHANNELS];
  const urls: string[] = HOT_CHANNELS.map(() => baseUrl(rng));
  for (let k = 0; k < CHANNELS_NUMBER; k++) {
    channels.push(`channel-${k}`);
    const url = baseUrl(rng);
    urls.push(rng.nextInt(10) > 0 ? `${url}&channel_id=${reversedChannelId(k)}` : url);
  }
  const textWords = wordPool([enc.encode(text)]).words;
  const wordOffset = new Int32Array(BID_EXTRA_VARIANTS);
  const length = new Int32Array(BID_EXTRA_VARIANTS);
  for (let i = 0; i < BID_EXTRA_VARIANTS; i++) {
    length[i] = extraSize(rng, 32, 100);
    wordOffset[i] = rng.nextInt((TEXT_POOL_LENGTH - length[i]!) >> 2);
  }
  const names: string[] = [];
  for (const f of FIRST_NAMES) for (const l of LAST_NAMES) names.push(`${f} ${l}`);
  pools = {
    text,
    channels,
    channelWords: wordPool(channels.map((c) => enc.encode(c))),
    urls,
    urlWords: wordPool(urls.map((u) => enc.encode(u))),
    bidExtraWords: { words: textWords, wordOffset, length },
    names,
  };
  return pools;
}
