import { CqlSyntaxError } from './lexer.js';
import type { Value } from './parser.js';

/** A moment a date clause compares against; `end` is where `=` stops (a whole day for a date-only value). */
export interface DateBound {
  start: number;
  end: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const UNITS: Record<string, number> = { m: MINUTE, h: 60 * MINUTE, d: DAY, w: 7 * DAY };

/** Dates are read in UTC (upstream uses the user's time zone; the emulator's users all share UTC). */
export function resolveDate(value: Value, now: number): DateBound {
  if (value.kind === 'function') return resolveFunction(value.name, value.args[0], now);
  const relative = offsetMs(value.value, now);
  if (relative !== null) return { start: relative, end: relative + MINUTE };
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(value.value.trim());
  if (match === null)
    throw new CqlSyntaxError(
      `'${value.value}' is not a valid date (use "yyyy-MM-dd" or "yyyy-MM-dd HH:mm")`,
      0,
    );
  const [, y, mo, d, h, mi] = match;
  const start = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0));
  if (Number.isNaN(start)) throw new CqlSyntaxError(`'${value.value}' is not a valid date`, 0, 'value');
  return { start, end: start + (h === undefined ? DAY : MINUTE) };
}

/** `-4w`, `+1d`, `2h`, `-1M`, `1y`: now shifted by the amount. */
function offsetMs(text: string | undefined, now: number): number | null {
  const match = /^\s*([+-]?)(\d+)([mhdwMy])\s*$/.exec(text ?? '');
  if (match === null) return null;
  const [, sign, amount, unit] = match;
  const n = Number(amount) * (sign === '-' ? -1 : 1);
  if (unit === 'M' || unit === 'y') {
    const date = new Date(now);
    date.setUTCMonth(date.getUTCMonth() + (unit === 'M' ? n : n * 12));
    return date.getTime();
  }
  return now + n * (UNITS[unit ?? 'd'] ?? DAY);
}

function resolveFunction(name: string, arg: string | undefined, now: number): DateBound {
  const shifted = arg === undefined ? now : offsetMs(arg, now);
  if (shifted === null)
    throw new CqlSyntaxError(`'${arg ?? ''}' is not a valid date offset for ${name}()`, 0, 'value');
  if (name === 'now') return { start: shifted, end: shifted + MINUTE };
  const unit = name.replace(/^(startof|endof)/, '');
  const d = new Date(shifted);
  let start: number;
  let end: number;
  if (unit === 'day') {
    start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    end = start + DAY;
  } else if (unit === 'week') {
    const monday =
      Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * DAY;
    start = monday;
    end = monday + 7 * DAY;
  } else if (unit === 'month') {
    start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  } else {
    start = Date.UTC(d.getUTCFullYear(), 0, 1);
    end = Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  }
  const point = name.startsWith('end') ? end - 1 : start;
  return { start: point, end: point + 1 };
}
