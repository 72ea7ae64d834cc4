// Lint Cypher files with Neo4j's language support. Reads a JSON job from stdin:
//   {"schema": {labels, relationshipTypes, propertyKeys}, "files": [{path, text, parameters}]}
// and prints, per file, the diagnostics as JSON: [{path, diagnostics: [{severity, message, line}]}].
import * as cy from "@neo4j-cypher/language-support";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const job = JSON.parse(input);
const out = [];
for (const file of job.files) {
  const schema = { ...job.schema, parameters: file.parameters };
  const result = cy.lintCypherQuery(file.text, schema);
  out.push({
    path: file.path,
    diagnostics: result.diagnostics.map((d) => ({
      severity: d.severity,
      message: d.message,
      line: d.range.start.line + 1,
    })),
  });
}
process.stdout.write(JSON.stringify(out));
