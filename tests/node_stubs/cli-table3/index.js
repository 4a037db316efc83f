// A stand-in for cli-table3, written for tests/ci_sim.py: a Table that prints each row as
// "TABLE ROW: a | b | c", so a test reads the reporter's totals as it pushed them.
class Table {
  constructor(options) {
    this.options = options;
    this.rows = [];
  }
  push(row) {
    this.rows.push(row);
  }
  toString() {
    return this.rows.map((row) => `TABLE ROW: ${row.map((cell) => `${cell}`).join(" | ")}`).join("\n");
  }
}
module.exports = Table;
