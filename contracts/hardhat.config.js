// The local EVM node the tests and `demo --anchor evm` start (`hardhat node --hostname 127.0.0.1`).
// Contracts are compiled by compile.mjs with the solc of node_modules, never by `hardhat compile`
// (which would download a compiler). The block gas limit is Ethereum mainnet's order of magnitude.
// Blocks come every 2 s even without transactions, as on a real chain (besides one per transaction):
// RunAnchor draws its challenge from the hash of the commit's block, so a prover waits for the next one.
module.exports = {
  networks: {
    hardhat: {
      chainId: 31337,
      blockGasLimit: 36_000_000,
      allowUnlimitedContractSize: false,
      mining: { auto: true, interval: 2000 },
    },
  },
};
