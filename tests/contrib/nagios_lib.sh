# SPDX-License-Identifier: GPL-3.0-or-later
# Helpers for the Nagios 4 tests: a throwaway main configuration in one directory.
# Source after tests/lib.sh.

need_cmd nagios4 nagios4-core

# The user Nagios drops to: as root Debian's "nagios" account, else whoever runs the test.
nagios_user () {
  if [ "$(id -u)" -eq 0 ]; then
    id nagios >/dev/null 2>&1 || skip "no nagios user (apt-get install nagios4-core)"
    echo nagios
  else
    id -un
  fi
}

# nagios_config DIR: writes DIR/nagios.cfg with everything inside DIR: state, logs,
# command pipe, the contrib command definitions and DIR/objects.cfg (the caller writes
# services there with nagios_service).
nagios_config () {
  dir=$1
  user=$(nagios_user)
  mkdir -p "$dir/checkresults" "$dir/plugins"
  cp "$top_srcdir/contrib/nagios/check_conn.cfg" "$dir/commands.cfg"
  # The Nagios user may not reach the build tree (e.g. under /root): give it a copy.
  cp "$CHECK_CONN" "$dir/plugins/check_conn"
  printf '$USER1$=%s\n' "$dir/plugins" > "$dir/resource.cfg"
  cat > "$dir/nagios.cfg" <<CFG
log_file=$dir/nagios.log
cfg_file=$dir/commands.cfg
cfg_file=$dir/objects.cfg
resource_file=$dir/resource.cfg
status_file=$dir/status.dat
status_update_interval=1
object_cache_file=$dir/objects.cache
precached_object_file=$dir/objects.precache
temp_file=$dir/nagios.tmp
temp_path=$dir
lock_file=$dir/nagios.lock
retain_state_information=0
state_retention_file=$dir/retention.dat
check_result_path=$dir/checkresults
check_result_reaper_frequency=1
command_file=$dir/nagios.cmd
check_external_commands=1
command_check_interval=-1
query_socket=$dir/nagios.qh
nagios_user=$user
nagios_group=$(id -gn "$user")
interval_length=1
service_check_timeout=30
enable_notifications=0
enable_flap_detection=0
use_syslog=0
log_rotation_method=n
CFG
  cat > "$dir/objects.cfg" <<'CFG'
define timeperiod {
    timeperiod_name always
    alias           always
    sunday          00:00-24:00
    monday          00:00-24:00
    tuesday         00:00-24:00
    wednesday       00:00-24:00
    thursday        00:00-24:00
    friday          00:00-24:00
    saturday        00:00-24:00
}
define command {
    command_name    ccship_true
    command_line    /bin/true
}
define contact {
    contact_name                    nobody
    host_notifications_enabled      0
    service_notifications_enabled   0
    host_notification_period        always
    service_notification_period     always
    host_notification_options       n
    service_notification_options    n
    host_notification_commands      ccship_true
    service_notification_commands   ccship_true
}
define host {
    host_name               loopback
    address                 127.0.0.1
    check_command           ccship_true
    max_check_attempts      1
    check_period            always
    contacts                nobody
    notification_period     always
    notifications_enabled   0
}
CFG
  chown -R "$user" "$dir"
}

# nagios_service DIR NAME CHECK_COMMAND: adds a service of host loopback that Nagios
# itself would not run for an hour: the test forces each check.
nagios_service () {
  cat >> "$1/objects.cfg" <<CFG
define service {
    host_name               loopback
    service_description     $2
    check_command           $3
    max_check_attempts      1
    check_interval          3600
    retry_interval          3600
    check_period            always
    contacts                nobody
    notification_period     always
    notifications_enabled   0
}
CFG
}
