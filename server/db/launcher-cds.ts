import fs from 'node:fs';
import path from 'node:path';

/**
 * JVM flags that map the launcher's class-data-sharing archive (neo4j/target/local-neo4j.jsa,
 * written by the Maven build) when it is there; none when it is not (e.g. -Dcds.skip=true).
 * The JVM checks the archive against the class path and ignores a stale one; JVM warnings go to
 * stderr so stdout keeps only the NEO4J_READY line.
 */
export function cdsJvmArgs(launcherJar: string): string[] {
  const archive = launcherJar.replace(/\.jar$/, '.jsa');
  const quiet = ['-Xlog:disable', '-Xlog:all=error:stderr'];
  if (process.env.NEO4J_CDS === 'off' || !fs.existsSync(archive)) return quiet;
  return [`-XX:SharedArchiveFile=${path.resolve(archive)}`, ...quiet];
}
