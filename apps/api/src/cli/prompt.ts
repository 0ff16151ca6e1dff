import { CliError } from './errors.js';

const ENTER = new Set(['\r', '\n', '\u0004']);
const ERASE = new Set(['\u007f', '\b']);
const CANCEL = '\u0003';

/**
 * Reads one line from a terminal in raw mode, echoing nothing, so a password typed here never shows on screen or
 * in scrollback. Ctrl-C cancels (exit 130, as a shell would report it).
 */
export function readHiddenLine(
  prompt: string,
  input: NodeJS.ReadStream,
  output: { write(text: string): unknown },
): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (done: () => void) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      done();
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString('utf8')) {
        if (ENTER.has(char)) return finish(() => resolve(value));
        if (char === CANCEL) return finish(() => reject(new CliError('Cancelled.', 130)));
        if (ERASE.has(char)) value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    };
    // Echo off before the prompt shows, so not even a fast typist's (or a paste's) first characters appear.
    input.setRawMode(true);
    output.write(prompt);
    input.on('data', onData);
    input.resume();
  });
}
