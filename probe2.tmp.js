const { MongoClient } = require('mongodb');
(async () => {
  const c = await MongoClient.connect('mongodb://127.0.0.1:27027');
  const docs = await c.db('eventflow_reservations').collection('reservations').find({}).sort({_id:-1}).limit(300).toArray();
  const agg = {}; let n=0;
  for (const d of docs) { if (d.estado!=='confirmada'||!d.saga) continue; n++;
    const t0 = new Date(d.creada).getTime(); let prev = t0;
    const add=(k,v)=>{agg[k]=(agg[k]||[]);agg[k].push(v);};
    for (const name of ['limite_compra','reservar_inventario','procesar_pago','actualizar_historial','confirmar']) {
      const r=d.saga[name]; if(!r) continue; const i=new Date(r.inicio).getTime(), f=new Date(r.fin).getTime();
      add('gap>'+name, i-prev); add(name, f-i); prev=f; }
  }
  const q=(a,p)=>{a=[...a].sort((x,y)=>x-y);return a[Math.floor(a.length*p)]};
  console.log('n',n); for (const [k,v] of Object.entries(agg)) if (q(v,0.9)>0) console.log(k.padEnd(30), 'p50', q(v,0.5), 'p90', q(v,0.9), 'p99', q(v,0.99));
  await c.close();
})();
