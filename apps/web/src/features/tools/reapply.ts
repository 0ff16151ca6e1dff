import { applyPatch, createTwoFilesPatch, structuredPatch } from 'diff';

/**
 * After a VERSION_CONFLICT on a whole-body update: my change is what I did to the version I read (`base` →
 * `mine`); re-applying it puts that change on the version someone else saved since (`theirs`). Hunks that touch
 * what they changed too do not apply: then there is no merge, only the diff to look at — never a blind overwrite.
 */
export function reapplyChange(
  base: string,
  theirs: string,
  mine: string,
): { merged: string } | { conflict: true } {
  const change = structuredPatch('base', 'mine', base, mine, undefined, undefined, { context: 3 });
  if (change.hunks.length === 0) return { merged: theirs };
  const merged = applyPatch(theirs, change);
  return merged === false ? { conflict: true } : { merged };
}

/** Theirs (the current version) against mine, as a unified diff for DiffView ("" when they are the same). */
export function theirsAgainstMine(theirs: string, mine: string, currentVersion: number): string {
  [theirs, mine] = [withFinalNewline(theirs), withFinalNewline(mine)];
  if (theirs === mine) return '';
  return createTwoFilesPatch(
    `version ${currentVersion} (theirs)`,
    'your change',
    theirs,
    mine,
    undefined,
    undefined,
    {
      context: 3,
    },
  );
}

const withFinalNewline = (text: string) => (text === '' || text.endsWith('\n') ? text : `${text}\n`);
