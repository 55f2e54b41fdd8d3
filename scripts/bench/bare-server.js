#!/usr/bin/env node
// The floor for any Node read: a bare `http` server answering one constant JSON document (about
// the size of a cached event) to every request. Prints its port once it listens.
const http = require('node:http');

const body = JSON.stringify({
  evento_id: '665f1c2b9d3e4a0012345678',
  nombre: 'Carga bare server',
  descripcion: 'Respuesta constante: el techo de cualquier lectura en Node',
  fecha: '2027-03-01T20:00:00.000Z',
  lugar: 'Estadio de pruebas',
  aforo_total: 1000000,
  precio: 25.5,
  categoria: 'Concierto',
  estado: 'publicado',
});
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) };

const server = http.createServer((_request, response) => {
  response.writeHead(200, headers);
  response.end(body);
});
// No SIGTERM handler: the default (exit at once) is what a measuring tool wants; a graceful close
// could wait on a connection the client never ends.
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
