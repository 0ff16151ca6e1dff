import { useState, type SyntheticEvent } from 'react';

import { Button } from '../../ui/button';
import { describedBy, inputClass } from '../../ui/field';
import { IconX } from '../../ui/icons';
import { ChoiceRadio } from '../../ui/choice-radio';
import { describeSpaces, spaceKeyError } from './connection-policy';

/**
 * The spaces tools may see and change: all of them (null) or a list of keys. Every add, remove or switch to
 * "All spaces" is saved at once; a list is never emptied (the API refuses an empty allow-list).
 */
export function SpaceAllowList({
  idPrefix,
  keys,
  isAdmin,
  pending,
  onSave,
}: {
  idPrefix: string;
  keys: string[] | null;
  isAdmin: boolean;
  pending: boolean;
  /** Resolves true once saved (the typed key is cleared then), false when the save failed. */
  onSave: (allowedSpaceKeys: string[] | null) => Promise<boolean>;
}) {
  // "Only these spaces" chosen but no key added yet: local until the first key is saved.
  const [wantsList, setWantsList] = useState(false);
  const [typed, setTyped] = useState('');
  // What was refused: the typed key (marks the input invalid) or removing the last key (the list).
  const [error, setError] = useState<{ about: 'input' | 'list'; message: string } | null>(null);
  const listed = keys ?? [];
  const limited = keys !== null || wantsList;
  const inputId = `${idPrefix}-space-key`;

  const add = (event: SyntheticEvent) => {
    event.preventDefault();
    const problem = spaceKeyError(typed, listed);
    setError(problem === null ? null : { about: 'input', message: problem });
    if (problem !== null) return;
    void onSave([...listed, typed.trim()]).then((saved) => {
      if (saved) setTyped('');
    });
  };
  const remove = (key: string) => {
    if (listed.length === 1) {
      setError({
        about: 'list',
        message: 'An allow-list needs at least one space. Choose “All spaces” to allow every space instead.',
      });
      return;
    }
    setError(null);
    void onSave(listed.filter((k) => k !== key));
  };
  const allowAll = () => {
    setWantsList(false);
    setError(null);
    if (keys !== null) void onSave(null);
  };

  return (
    <fieldset className="min-w-0 space-y-2" disabled={pending} data-testid="space-allow-list">
      <legend className="mb-1 text-[13px] font-medium text-slate-800">Spaces</legend>
      {isAdmin && (
        <div className="flex flex-wrap gap-x-5 gap-y-1.5">
          <ChoiceRadio
            name={`${idPrefix}-spaces`}
            checked={!limited}
            onSelect={allowAll}
            label="All spaces"
          />
          <ChoiceRadio
            name={`${idPrefix}-spaces`}
            checked={limited}
            onSelect={() => setWantsList(true)}
            label="Only these spaces"
          />
        </div>
      )}
      {listed.length > 0 && (
        <ul className="flex flex-wrap gap-1.5" aria-label="Allowed spaces">
          {listed.map((key) => (
            <li
              key={key}
              className="inline-flex max-w-full items-center gap-1 rounded-md bg-slate-100 py-0.5 pr-1 pl-2 font-mono text-xs text-slate-800 ring-1 ring-slate-200 ring-inset"
            >
              <span className="break-all">{key}</span>
              {isAdmin && (
                <button
                  type="button"
                  onClick={() => remove(key)}
                  className="rounded p-0.5 text-slate-500 hover:bg-slate-200 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
                  aria-label={`Remove ${key}`}
                >
                  <IconX className="size-3.5" />
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {isAdmin && limited && (
        <div className="flex max-w-sm gap-2">
          <label htmlFor={inputId} className="sr-only">
            Space key to allow
          </label>
          <input
            id={inputId}
            value={typed}
            placeholder="Space key, e.g. ENG"
            maxLength={255}
            onChange={(event) => setTyped(event.target.value)}
            onKeyDown={(event) => event.key === 'Enter' && add(event)}
            className={inputClass}
            aria-invalid={error?.about === 'input'}
            aria-describedby={describedBy(inputId, false, error?.about === 'input')}
          />
          <Button size="md" onClick={add}>
            Add
          </Button>
        </div>
      )}
      {error !== null && (
        <p id={`${inputId}-error`} role="alert" className="text-[13px] text-rose-700">
          {error.message}
        </p>
      )}
      <p className="text-[13px] text-slate-500" data-testid="spaces-summary">
        {keys === null && wantsList
          ? 'Every space is allowed until you add the first key.'
          : describeSpaces(keys)}
      </p>
    </fieldset>
  );
}
