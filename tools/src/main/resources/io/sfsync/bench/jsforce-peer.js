'use strict';
// The jsforce peer of sfsync's benchmark: what a developer writes in an afternoon to copy an object out of
// Salesforce into a CSV file for DuckDB's COPY. OAuth username-password login, one Bulk API 2.0 query
// (conn.bulk2.query: job, polls, every result page), its record stream written to the file.
//
// Usage: node jsforce-peer.js SOQL_FILE OUT_CSV, with PEER_LOGIN_URL, PEER_API_VERSION, PEER_CLIENT_ID,
// PEER_CLIENT_SECRET, PEER_USERNAME and PEER_PASSWORD in the environment. The last line of output is
// "PEER-RESULT {json}": rows written, repeated header rows dropped, and the milliseconds since the script started.
//
// Why the record stream and not the raw CSV stream (records.stream().pipe(file)), which jsforce documents too:
// bulk2.query fetches every result page before it returns, each piped into one stream, and with more than one
// page (more than 3 MB of CSV on the offline org) jsforce 3.10.26 hands out their bytes interleaved, about 64 KiB
// of one page, then of the next: a file no CSV reader can load. Parsed records come out whole and in order, but
// each page's header row comes out as a record too (Id = "Id"), which the developer drops. bulk2.query also holds
// every page before it returns: Node's memory grows with the rows (at 100,000 Accounts it needs more than 256 MB
// of V8 heap; the default limit is about 4 GB). At 1,000,000 Accounts (about 180 pages) the record stream stops
// short of its end; the exit handler below reports it.
const started = Date.now();
let rows = 0;
let recordsEnded = false;
let finished = false;
// Node exits, with status 0, when nothing is left to wait for, even while a promise is pending: that is what happens
// when jsforce's record stream stops before its 'end' (seen at 1,000,000 Accounts: about 200 records short). Say so
// and fail, rather than leave a short file that looks complete.
process.on('exit', (code) => {
    if (!finished && code === 0) {
        console.error('jsforce peer: Node exited with nothing left to wait for after ' + rows + ' records: '
            + (recordsEnded ? 'the CSV file never finished' : 'jsforce\'s record stream never ended'));
        process.exitCode = 3;
    }
});
const fs = require('fs');
const { stringify } = require('csv-stringify');
const jsforce = require('jsforce');

async function main() {
    const [soqlFile, outFile] = process.argv.slice(2);
    const env = process.env;
    const conn = new jsforce.Connection({
        loginUrl: env.PEER_LOGIN_URL,
        version: env.PEER_API_VERSION,
        oauth2: { loginUrl: env.PEER_LOGIN_URL, clientId: env.PEER_CLIENT_ID, clientSecret: env.PEER_CLIENT_SECRET },
    });
    await conn.login(env.PEER_USERNAME, env.PEER_PASSWORD);
    const loggedIn = Date.now();
    const soql = fs.readFileSync(soqlFile, 'utf8');
    // queryAll, as sfsync reads (deleted rows too); jsforce has no option for the page size (maxRecords).
    const records = await conn.bulk2.query(soql, { scanAll: true, pollInterval: 200, pollTimeout: 3600000 });
    const queried = Date.now();
    const file = fs.createWriteStream(outFile);
    const csv = stringify({ header: true });
    csv.pipe(file);
    let headers = 0;
    await new Promise((resolve, reject) => {
        records.on('record', (r) => {
            if (r.Id === 'Id') {
                headers++;
                return;
            }
            rows++;
            csv.write(r);
        });
        records.on('error', reject);
        records.on('end', () => {
            recordsEnded = true;
            csv.end();
        });
        file.on('finish', resolve);
        file.on('error', reject);
        csv.on('error', reject);
    });
    const done = Date.now();
    finished = true;
    const usage = process.resourceUsage();
    console.log('PEER-RESULT ' + JSON.stringify({
        rows, repeatedHeaders: headers, loginMs: loggedIn - started, queryMs: queried - loggedIn,
        writeMs: done - queried, maxRssKb: usage.maxRSS,
        cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
    }));
}

main().catch((e) => {
    console.error('jsforce peer failed: ' + (e && e.stack ? e.stack : e));
    process.exit(1);
});
