#!/usr/bin/env bash
# Packaging check:  bash scripts/pack-check.sh      (scripts/test.sh runs it; OSLO_TEST_PACK=0 skips it there)
# OSLO_PACK_KEEP=1 keeps the temporary folder (feed, tool, console project) and prints where it is.
#
# Tests the NuGet packages as a user gets them, not the build output:
# 1. `dotnet pack` of every project under src/ into a temporary local feed; prints the package list with sizes.
# 2. checks each package: README, license expression, XML docs (libraries), the commit, a .snupkg with the PDB;
#    the PDBs (read in step 4): under CI (ContinuousIntegrationBuild) source paths /_/..., never the clone's folder;
#    with a GitHub/GitLab/Bitbucket/Azure Repos `origin`, the SourceLink map.
# 3. installs the oslomsg tool from the feed into a temporary tool path and runs `oslomsg demo` from there.
# 4. creates a throwaway console project (nuget.config: the local feed for Oslo.Messaging*, the machine's own
#    sources for everything else) that restores the packages, builds, and makes calls on memory:// - by hand, with
#    the test notifier and through the generic host - asserting the answers.
# Everything lives in one temporary folder, removed on exit; packages are restored into a temporary global packages
# folder (the machine's own one is only read, as a fallback, for third-party packages), so a stale Oslo.Messaging
# of the same version can never be picked up and nothing is left in the user's caches.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

section() { printf '\n==================== %s ====================\n' "$*"; }
fail() { echo "pack-check FAILED: $*" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/oslo-pack-check.XXXXXX")"
if [[ "${OSLO_PACK_KEEP:-0}" == 1 ]]; then
    trap 'echo "kept for inspection: $work"' EXIT
else
    trap 'rm -rf "$work"' EXIT
fi
feed="$work/feed"
mkdir -p "$feed"

# ---------------------------------------------------------------- 1. pack
# One solution filter with every project under src/: one restore and one build graph instead of one per project.
projects=()
for csproj in src/*/*.csproj; do
    projects+=("\"$csproj\"")
done
printf '{"solution":{"path":"%s","projects":[%s]}}\n' "$REPO_ROOT/Oslo.Messaging.slnx" "$(IFS=,; echo "${projects[*]}")" \
    > "$work/packages.slnf"
section "dotnet pack (src/*) -c Release -o <temporary feed>"
dotnet pack "$work/packages.slnf" -c Release -o "$feed" -nologo -v q
shopt -s nullglob
nupkgs=("$feed"/*.nupkg)
(( ${#nupkgs[@]} > 0 )) || fail "dotnet pack produced no package"

tool_nupkg=("$feed"/Oslo.Messaging.Cli.*.nupkg)
(( ${#tool_nupkg[@]} == 1 )) || fail "expected one Oslo.Messaging.Cli package, found ${#tool_nupkg[@]}"
version="$(basename "${tool_nupkg[0]}" .nupkg)"
version="${version#Oslo.Messaging.Cli.}"

section "Packages (version $version)"
printf '%-36s %10s %10s\n' "package" "nupkg" "snupkg"
for nupkg in "${nupkgs[@]}"; do
    id="$(basename "$nupkg" ".$version.nupkg")"
    snupkg="${nupkg%.nupkg}.snupkg"
    [[ -f "$snupkg" ]] || fail "$id has no symbol package ($(basename "$snupkg"))"
    printf '%-36s %8s KB %7s KB\n' "$id" "$(( $(stat -c %s "$nupkg") / 1024 ))" "$(( $(stat -c %s "$snupkg") / 1024 ))"
done

# ---------------------------------------------------------------- 2. package contents
section "Package contents: readme, license, XML docs, symbols, commit"
origin="$(git remote get-url origin 2>/dev/null || true)"
sourcelink_host=0
case "$origin" in
    *github.com*|*gitlab.com*|*bitbucket.org*|*dev.azure.com*|*visualstudio.com*) sourcelink_host=1 ;;
esac
deterministic=0
if [[ "${CI:-}" == true ]]; then deterministic=1; fi
for nupkg in "${nupkgs[@]}"; do
    id="$(basename "$nupkg" ".$version.nupkg")"
    nuspec="$(unzip -p "$nupkg" "$id.nuspec")"
    listing="$(unzip -Z1 "$nupkg")"
    grep -q '<license type="expression">Apache-2.0</license>' <<<"$nuspec" || fail "$id: no Apache-2.0 license expression"
    grep -q '<readme>README.md</readme>' <<<"$nuspec" || fail "$id: no package README"
    grep -qx 'README.md' <<<"$listing" || fail "$id: README.md is not in the package"
    grep -q '<repository type="git"[^>]* commit="[0-9a-f]\{40\}"' <<<"$nuspec" || fail "$id: the nuspec does not record the git commit"
    if [[ "$id" == Oslo.Messaging.Cli ]]; then
        grep -q '<packageType name="DotnetTool"' <<<"$nuspec" || fail "$id: not a .NET tool package"
        pdb_path="tools/net10.0/any/oslomsg.pdb"
    else
        grep -qx "lib/net10.0/$id.dll" <<<"$listing" || fail "$id: no lib/net10.0/$id.dll"
        grep -qx "lib/net10.0/$id.xml" <<<"$listing" || fail "$id: no XML documentation file"
        if [[ "$id" == Oslo.Messaging ]]; then
            grep -qx "analyzers/dotnet/cs/Oslo.Messaging.Generators.dll" <<<"$listing" \
                || fail "$id: the typed-contract source generator is not in the package"
        fi
        pdb_path="lib/net10.0/$id.pdb"
    fi
    symbols="$(unzip -Z1 "${nupkg%.nupkg}.snupkg")"
    grep -qx "$pdb_path" <<<"$symbols" || fail "$id: the symbol package has no $pdb_path"
    mkdir -p "$work/pdb"
    unzip -p "${nupkg%.nupkg}.snupkg" "$pdb_path" > "$work/pdb/$id.pdb"
    echo "ok  $id"
done
# The PDBs themselves are read in step 4, by the console project (it has System.Reflection.Metadata).

# ---------------------------------------------------------------- NuGet setup for the user's side
# The machine's own package sources (the NuGet mirror it uses), for third-party packages.
mapfile -t upstream < <(dotnet nuget list source --format short | awk '$1 == "E" { print $2 }')
(( ${#upstream[@]} > 0 )) || fail "no enabled NuGet source on this machine (dotnet nuget list source)"
user_packages="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
{
    echo '<?xml version="1.0" encoding="utf-8"?>'
    echo '<configuration>'
    echo '  <packageSources>'
    echo '    <clear />'
    echo "    <add key=\"oslo-local\" value=\"$feed\" />"
    for i in "${!upstream[@]}"; do echo "    <add key=\"upstream-$i\" value=\"${upstream[$i]}\" />"; done
    echo '  </packageSources>'
    # Oslo.Messaging* only ever from the local feed, even if a registry had a package of that name.
    echo '  <packageSourceMapping>'
    echo '    <packageSource key="oslo-local"><package pattern="Oslo.Messaging" /><package pattern="Oslo.Messaging.*" /></packageSource>'
    for i in "${!upstream[@]}"; do echo "    <packageSource key=\"upstream-$i\"><package pattern=\"*\" /></packageSource>"; done
    echo '  </packageSourceMapping>'
    # Third-party packages already on the machine are read from its global folder (no download), unless that
    # folder holds an Oslo.Messaging package: a fallback folder wins over every source, so it would shadow the feed.
    if [[ -d "$user_packages" ]] && ! compgen -G "$user_packages/oslo.messaging*" >/dev/null; then
        echo "  <fallbackPackageFolders><add key=\"machine\" value=\"$user_packages\" /></fallbackPackageFolders>"
    fi
    echo '</configuration>'
} > "$work/nuget.config"
export NUGET_PACKAGES="$work/packages"

# ---------------------------------------------------------------- 3. the tool
section "dotnet tool install --tool-path <temporary> Oslo.Messaging.Cli --version $version (from the feed)"
dotnet tool install --tool-path "$work/tools" --configfile "$work/nuget.config" Oslo.Messaging.Cli --version "$version"
[[ -x "$work/tools/oslomsg" ]] || fail "the tool install made no oslomsg command"
"$work/tools/oslomsg" --version | tee "$work/version.txt"
grep -q "^$version" "$work/version.txt" || fail "oslomsg --version does not print $version"

section "oslomsg demo (the installed tool)"
"$work/tools/oslomsg" demo | tee "$work/demo.txt" || fail "oslomsg demo exited $?"
grep -q 'steps behaved as expected' "$work/demo.txt" || fail "oslomsg demo printed no summary"

# ---------------------------------------------------------------- 4. a user's project
# A third-party package at the version the repository pins (Directory.Packages.props), so both sides agree.
package_version() {
    sed -n "s/.*<PackageVersion Include=\"$1\" Version=\"\([^\"]*\)\".*/\1/p" "$REPO_ROOT/Directory.Packages.props" | head -n 1
}
section "A console project restoring the packages from the feed"
consumer="$work/consumer"
mkdir -p "$consumer"
cp "$work/nuget.config" "$consumer/nuget.config"
cat > "$consumer/PackCheck.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <!-- What a hosted service adds: Oslo.Messaging, .RabbitMq and .Configuration come with .Hosting, as its README
       says, so a dependency missing from a nuspec fails this build. -->
  <ItemGroup>
    <PackageReference Include="Oslo.Messaging.Hosting" Version="$version" />
    <PackageReference Include="Oslo.Messaging.OpenTelemetry" Version="$version" />
    <PackageReference Include="Microsoft.Extensions.Hosting" Version="$(package_version Microsoft.Extensions.Hosting)" />
    <PackageReference Include="OpenTelemetry" Version="$(package_version OpenTelemetry)" />
  </ItemGroup>
</Project>
EOF
cp "$REPO_ROOT"/scripts/pack-check/*.cs "$consumer/"
dotnet build "$consumer/PackCheck.csproj" -c Release -nologo -v q

section "Symbols: source paths (deterministic under CI) and SourceLink"
if (( ! deterministic )); then echo "(not under CI: the PDBs name this clone's files, as any local build does)"; fi
if (( sourcelink_host )); then
    echo "origin $origin: every PDB must map its sources (SourceLink)"
else
    echo "origin '${origin:-none}' is no known Git host: no SourceLink map expected (the nuspec records the commit)"
fi
dotnet "$consumer/bin/Release/net10.0/PackCheck.dll" pdb "$REPO_ROOT" "$deterministic" "$sourcelink_host" "$work"/pdb/*.pdb \
    || fail "the symbol packages' PDBs"

section "The console project's calls"
dotnet "$consumer/bin/Release/net10.0/PackCheck.dll" | tee "$work/consumer.txt"
grep -q '^pack-check consumer: all checks passed$' "$work/consumer.txt" || fail "the console project's checks did not pass"

section "pack-check passed: ${#nupkgs[@]} packages, version $version"
