/** Hand-written spec 2.3.0 configs for the 2.3 differential corpus (record-ignition-v2_3.ts). */
const v = (rest: string): string => `{"ignition":{"version":"2.3.0"}${rest === '' ? '' : `,${rest}`}}`;

export const HAND_WRITTEN: readonly string[] = [
  v(''),
  v(
    '"storage":{"files":[{"filesystem":"root","path":"/etc/hostname","mode":420,"contents":{"source":"data:,core1"}}]}',
  ),
  v('"storage":{"files":[{"filesystem":"root","Path":"/a","mode":420}]},"Systemd":{}'),
  v('"storage":{"files":[{"filesystem":"root","path":"/a","mode":420,"overwrite":true,"append":true,"bogus":1}]}'),
  v('"storage":{"files":[{"filesystem":"root","path":"/a","mode":420,"user":{"id":1,"name":"core","extra":true}}]}'),
  v('"storage":{"files":[{"filesystem":"root","path":"/a"}]}'),
  v('"storage":{"files":[{"path":"/a","mode":420}]}'),
  v('"storage":{"files":[{"filesystem":"root","path":"/a","mode":99999}]}'),
  v(
    '"storage":{"files":[{"filesystem":"root","path":"/a","mode":420,"contents":{"source":"ftp://x/y","compression":"xz","verification":{"hash":"sha512-00"}}}]}',
  ),
  v(
    '"storage":{"files":[{"filesystem":"root","path":"/a","mode":420,"contents":{"source":"s3://bucket/key?versionId="}}]}',
  ),
  v(
    '"storage":{"filesystems":[{"name":"data","mount":{"device":"/dev/sdb","format":"zfs","label":"x","whatever":1}},{"name":"d2","mount":{"device":"sdc","format":"ext4","label":"0123456789abcdefgh"}}]}',
  ),
  v('"storage":{"filesystems":[{"name":"data","path":"/x","mount":{"device":"/dev/sdb","format":"ext4","nope":1}}]}'),
  v(
    '"storage":{"filesystems":[{"name":"data","mount":{"device":"/dev/sdb","format":"ext4","create":{"force":true},"wipeFilesystem":true}}]}',
  ),
  v(
    '"storage":{"filesystems":[{"name":"data"},{"name":"root","path":"/r"}],"files":[{"filesystem":"data2","path":"/a","mode":420}]}',
  ),
  v(
    '"storage":{"disks":[{"device":"/dev/sda","wipeTable":true,"partitions":[{"number":1,"label":"ROOT","sizeMiB":100,"startMiB":1},{"number":1,"label":"a:b","size":2048,"start":4096,"typeGuid":"nope"}]}]}',
  ),
  v(
    '"storage":{"disks":[{"device":"sda","partitions":[{"number":3,"shouldExist":false,"label":"x","extra":1},{"number":0,"sizeMiB":1}]}]}',
  ),
  v(
    '"storage":{"disks":[{"device":"/dev/sda","partitions":[{"number":1,"start":2048,"size":4096},{"number":2,"start":4000,"size":4096}]}]}',
  ),
  v(
    '"storage":{"raid":[{"name":"md0","level":"raid0","devices":["/dev/sda","sdb"],"spares":1},{"name":"md1","level":"raid7","devices":[]}]}',
  ),
  v(
    '"storage":{"directories":[{"filesystem":"root","path":"rel","mode":493}],"links":[{"filesystem":"root","path":"/l","target":"/t","hard":false,"mode":1}]}',
  ),
  v(
    '"systemd":{"units":[{"name":"a.service","enabled":true,"contents":"[Unit]\\nDescription=a"},{"name":"b.service","enable":true,"contents":"# only a comment"},{"name":"c.txt","enabled":true,"contents":"[Service]\\nExecStart=/bin/true"}]}',
  ),
  v(
    '"systemd":{"units":[{"name":"a.service","dropins":[{"name":"x.txt","contents":"[Unit] junk","extra":1},{"name":"y.conf","contents":"[Service"}]}]}',
  ),
  v(
    '"networkd":{"units":[{"name":"a.service","contents":"[Match]\\nName=eth0","dropins":[{"name":"x","contents":"[X"}]},{"name":"b.network","dropins":[{"name":"x","bogus":1}]}]}',
  ),
  v(
    '"passwd":{"users":[{"name":"core","create":{"uid":1000,"stray":1},"uid":1000,"shell":"/bin/bash"},{"name":"u2","create":{"homeDir":"/h","Extra":1}}],"groups":[{"name":"g","gid":10,"passwordHash":"x","odd":true}]}',
  ),
  '{"ignition":{"version":"2.3.0","config":{"append":[{"source":"oem:///x","verification":{"hash":"md5-00","extra":1}}],"replace":{"source":"tftp://h/x"}},"timeouts":{"httpTotal":-1},"security":{"tls":{"certificateAuthorities":[{"source":"gs://b/o"}]}}}}',
  '{"ignition":{"version":"2.3.0","config":{"append":[{"source":"http://example.com/c.ign","verification":{"hash":"sha512-00","extra":1}}]}}}',
  '{"ignition":{"version":"2.3.0","config":null},"storage":null,"passwd":{"users":[null]}}',
  '{"ignition":{"version":"2.3.0"},"storage":{"files":[{"path":3},{"path":"/a","mode":"x"}]}}',
];
