/** A list choice's validation message, announced when it appears. */
export function ListError({ id, error }: { id: string; error: string | undefined }) {
  if (error === undefined) return null;
  return (
    <p id={id} role="alert" className="text-[13px] text-rose-700">
      {error}
    </p>
  );
}
