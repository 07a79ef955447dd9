package io.epimetheus.exporters.node;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@code io.epimetheus.exporter.node}. Property names are node_exporter's flags
 * without the leading dashes ({@code collector.cpu=false} is {@code --no-collector.cpu}); the
 * defaults are node_exporter 1.x's.
 */
@ObjectClassDefinition(
        name = "Epimetheus node exporter",
        description = "node_exporter-compatible host metrics from /proc and /sys, served on /exporters/node/metrics.")
public @interface NodeConfig {

    @AttributeDefinition(name = "procfs path", description = "procfs mountpoint (--path.procfs).")
    String path_procfs() default "/proc";

    @AttributeDefinition(name = "sysfs path", description = "sysfs mountpoint (--path.sysfs).")
    String path_sysfs() default "/sys";

    @AttributeDefinition(name = "rootfs path", description = "Root of the host filesystem, e.g. /host in a container (--path.rootfs).")
    String path_rootfs() default "/";

    @AttributeDefinition(name = "udev data path", description = "udev database directory (--path.udev.data).")
    String path_udev_data() default "/run/udev/data";

    @AttributeDefinition(name = "cpu", description = "Enable the cpu collector.")
    boolean collector_cpu() default true;

    @AttributeDefinition(name = "cpu guest", description = "Enables node_cpu_guest_seconds_total.")
    boolean collector_cpu_guest() default true;

    @AttributeDefinition(name = "diskstats", description = "Enable the diskstats collector.")
    boolean collector_diskstats() default true;

    @AttributeDefinition(name = "diskstats device exclude", description = "Regexp of diskstats devices to exclude (mutually exclusive to device-include).")
    String collector_diskstats_device$_$exclude() default "^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$";

    @AttributeDefinition(name = "diskstats device include", description = "Regexp of diskstats devices to include (mutually exclusive to device-exclude).")
    String collector_diskstats_device$_$include() default "";

    @AttributeDefinition(name = "filefd", description = "Enable the filefd collector.")
    boolean collector_filefd() default true;

    @AttributeDefinition(name = "filesystem", description = "Enable the filesystem collector.")
    boolean collector_filesystem() default true;

    @AttributeDefinition(name = "filesystem mount points exclude", description = "Regexp of mount points to exclude for filesystem collector.")
    String collector_filesystem_mount$_$points$_$exclude()
            default "^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)";

    @AttributeDefinition(name = "filesystem fs types exclude", description = "Regexp of filesystem types to exclude for filesystem collector.")
    String collector_filesystem_fs$_$types$_$exclude()
            default "^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|erofs|sysfs|tracefs)$";

    @AttributeDefinition(name = "filesystem mount timeout",
            description = "How long to wait for a mount point's statvfs before marking it stuck (a Prometheus duration).")
    String collector_filesystem_mount$_$timeout() default "5s";

    @AttributeDefinition(name = "loadavg", description = "Enable the loadavg collector.")
    boolean collector_loadavg() default true;

    @AttributeDefinition(name = "meminfo", description = "Enable the meminfo collector.")
    boolean collector_meminfo() default true;

    @AttributeDefinition(name = "netdev", description = "Enable the netdev collector.")
    boolean collector_netdev() default true;

    @AttributeDefinition(name = "netdev device exclude", description = "Regexp of net devices to exclude (mutually exclusive to device-include).")
    String collector_netdev_device$_$exclude() default "";

    @AttributeDefinition(name = "netdev device include", description = "Regexp of net devices to include (mutually exclusive to device-exclude).")
    String collector_netdev_device$_$include() default "";

    @AttributeDefinition(name = "netstat", description = "Enable the netstat collector.")
    boolean collector_netstat() default true;

    @AttributeDefinition(name = "netstat fields", description = "Regexp of fields to return for netstat collector.")
    String collector_netstat_fields() default "^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts|TCPOFOQueue|TCPRcvQDrop)|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)|Udp6?_(InDatagrams|OutDatagrams|NoPorts|RcvbufErrors|SndbufErrors))$";

    @AttributeDefinition(name = "os", description = "Enable the os collector (os-release).")
    boolean collector_os() default true;

    @AttributeDefinition(name = "pressure", description = "Enable the pressure collector.")
    boolean collector_pressure() default true;

    @AttributeDefinition(name = "stat", description = "Enable the stat collector.")
    boolean collector_stat() default true;

    @AttributeDefinition(name = "stat softirq", description = "Export softirq calls per vector.")
    boolean collector_stat_softirq() default false;

    @AttributeDefinition(name = "time", description = "Enable the time collector.")
    boolean collector_time() default true;

    @AttributeDefinition(name = "uname", description = "Enable the uname collector.")
    boolean collector_uname() default true;

    @AttributeDefinition(name = "vmstat", description = "Enable the vmstat collector.")
    boolean collector_vmstat() default true;

    @AttributeDefinition(name = "vmstat fields", description = "Regexp of fields to return for vmstat collector.")
    String collector_vmstat_fields() default "^(oom_kill|pgpg|pswp|pg.*fault).*";
}
