/** One option of an "all / only these" choice. */
export function ChoiceRadio({
  name,
  checked,
  onSelect,
  label,
  disabled = false,
}: {
  name: string;
  checked: boolean;
  onSelect: () => void;
  label: string;
  disabled?: boolean;
}) {
  return (
    <label className="flex items-center gap-2 text-sm text-slate-800 has-[:disabled]:text-slate-400">
      <input
        type="radio"
        name={name}
        className="size-4 shrink-0 accent-indigo-600"
        checked={checked}
        disabled={disabled}
        onChange={(event) => event.target.checked && onSelect()}
      />
      {label}
    </label>
  );
}
