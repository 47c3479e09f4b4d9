// The floor under any Node server: node:http answering every request with one file's bytes, as
// gzip, and nothing else (no routing, no headers beyond the length). `node bare-node.mjs FILE PORT`.
import fs from "node:fs";
import http from "node:http";

const [file, port] = process.argv.slice(2);
const body = fs.readFileSync(file);
const headers = { "content-type": "text/html; charset=utf-8", "content-encoding": "gzip", "content-length": body.length };
http
  .createServer((req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  })
  .listen(Number(port), "127.0.0.1");
