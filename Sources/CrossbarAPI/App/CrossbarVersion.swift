/// Crossbar's version, shown by `crossbar version` and in kernel_info_reply.
public enum CrossbarVersion {
    public static let string = "0.1.0"
    /// The Swift language version the cell language follows.
    public static let languageVersion = "6.3"
}
