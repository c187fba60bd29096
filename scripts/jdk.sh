# Sourced by ./slipway and ./run-tests: picks a JDK >= 25 and exports JAVA_HOME.
# Order: $JAVA_HOME if it is new enough, else the newest JDK >= 25 under /usr/lib/jvm.

slipway_java_major() { # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version =/ {print $2; exit}'
}

slipway_pick_jdk() {
  local required=25 candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(slipway_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge "$required" ] 2>/dev/null; then
      return 0
    fi
    echo "slipway: JAVA_HOME=$JAVA_HOME is Java ${major:-unknown}; looking for Java >= $required under /usr/lib/jvm" >&2
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(slipway_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge "$required" ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "slipway: no JDK >= $required found (checked JAVA_HOME and /usr/lib/jvm/*)." >&2
    echo "slipway: install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
