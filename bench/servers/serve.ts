/** The stdout protocol and lifetime both benchmark servers share. */
export function serveUntilParentLeaves(port: number): void {
  process.stdout.write(`${JSON.stringify({ port, pid: process.pid })}\n`);
  const exit = () => process.exit(0);
  process.on('SIGTERM', exit);
  process.on('SIGINT', exit);
  // The parent holds our stdin open; when it goes away (even killed with SIGKILL), so do we.
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
  process.stdin.resume();
}
