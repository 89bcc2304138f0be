// mustache.js rendering a report page from the employee records: sections, inverted sections, nested contexts,
// partials and HTML escaping, through its interpreting renderer (no code generation: every template token is a
// call into the library, and every name a context lookup up the stack).
import Mustache from 'mustache'
import { readInput, runWorkload } from './harness.js'

// 8,000 of the 20,000 records: a repetition then takes about as long as the other workloads'
const records = (JSON.parse(readInput('records.json')) as unknown[]).slice(0, 8000)

const page = `<h1>{{title}}</h1>
{{#people}}
<section class="{{#active}}active{{/active}}{{^active}}inactive{{/active}}">
  <h2>{{name}} <small>#{{id}} · {{department}} · level {{level}}</small></h2>
  <p>Joined {{joined}}, salary {{salary}}. {{> skills}}</p>
  <table>{{#projects}}<tr><td>{{name}}</td><td>{{hours}} h</td><td>{{#done}}done{{/done}}{{^done}}open{{/done}}</td><td>{{department}}</td></tr>{{/projects}}</table>
  {{^projects}}<p>No projects.</p>{{/projects}}
</section>
{{/people}}`
const partials = { skills: 'Skills: {{#skills}}<em>{{.}}</em> {{/skills}}' }

runWorkload(() => {
  // a fresh cache each repetition: the parse of the template is part of the work, as for a server's first render
  Mustache.clearCache()
  return Mustache.render(page, { title: 'Staff <report> & projects', people: records }, partials)
})
