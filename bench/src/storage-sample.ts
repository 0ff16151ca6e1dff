/**
 * A storage-format page of about `bytes`, built from what real Confluence pages hold: headings, paragraphs with
 * marks and links, nested lists, tables, code macros with CDATA, panels, task lists, page links, user mentions,
 * emoticons and a macro without a Markdown form (kept as a placeholder). Deterministic: the same size gives the
 * same document, so runs compare.
 */
export function storageSample(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const section = sectionOf(i);
    parts.push(section);
    size += Buffer.byteLength(section);
  }
  return parts.join('');
}

function sectionOf(i: number): string {
  return [
    `<h2>Section ${i}: release notes &amp; decisions</h2>`,
    `<p>The <strong>payments</strong> service moved to <em>region ${i % 7}</em>; see <a href="https://example.com/runbooks/${i}">the runbook</a> and <code>deploy --region=${i % 7}</code>. Owner: <ac:link><ri:user ri:account-id="acc-ada" /></ac:link> <ac:emoticon ac:name="tick" /></p>`,
    `<p>Latency stayed under 120&nbsp;ms at p99 while traffic doubled; errors fell from 0.4% to 0.1%. Details in <ac:link><ri:page ri:content-title="Incident ${i}" ri:space-key="ENG" /></ac:link>.</p>`,
    '<ul><li>Rolled out behind a flag<ul><li>10% on Monday</li><li>100% on Thursday</li></ul></li><li>Dashboards updated</li></ul>',
    `<ol start="${(i % 3) + 1}"><li>Drain the old pool</li><li>Flip DNS</li><li>Watch the <strong>error budget</strong></li></ol>`,
    '<table><tbody><tr><th>Metric</th><th>Before</th><th>After</th><th>Change</th></tr>',
    ...[1, 2, 3, 4].map(
      (r) => `<tr><td>m${r}</td><td>${r * 10 + i}</td><td>${r * 9 + i}</td><td>-${r}%</td></tr>`,
    ),
    '</tbody></table>',
    `<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">ts</ac:parameter><ac:plain-text-body><![CDATA[export function handler(event: Event) {\n  if (event.amount > ${i}) return reject(event);\n  return accept(event);\n}]]></ac:plain-text-body></ac:structured-macro>`,
    '<ac:structured-macro ac:name="info" ac:schema-version="1"><ac:rich-text-body><p>Freeze starts Friday at 17:00 UTC.</p></ac:rich-text-body></ac:structured-macro>',
    `<ac:task-list><ac:task><ac:task-id>${i * 2}</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>Write the postmortem</ac:task-body></ac:task><ac:task><ac:task-id>${i * 2 + 1}</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Share it</ac:task-body></ac:task></ac:task-list>`,
    `<p>Status: <ac:structured-macro ac:name="status" ac:schema-version="1"><ac:parameter ac:name="colour">Green</ac:parameter><ac:parameter ac:name="title">On track</ac:parameter></ac:structured-macro></p>`,
  ].join('');
}
