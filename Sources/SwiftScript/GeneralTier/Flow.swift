/// Control flow out of a statement.
enum Flow {
    case normal
    case breakLoop(String?)
    case continueLoop(String?)
    case returnValue(Value)
    case fallthroughCase
}
