// A stand-in for @actions/core, written for tests/ci_sim.py: the three functions the Classroom
// reporter calls, with the toolkit's behaviour (getInput reads INPUT_<NAME>, trimmed; notice and
// setFailed print workflow commands; setFailed sets the exit code to 1).
exports.getInput = (name) => (process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "").trim();
exports.notice = (message, properties = {}) => {
  const props = Object.entries(properties).map(([k, v]) => `${k}=${v}`).join(",");
  console.log(`::notice${props ? " " + props : ""}::${message}`);
};
exports.setFailed = (message) => {
  process.exitCode = 1;
  console.log(`::error::${message}`);
};
